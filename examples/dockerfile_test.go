package examples

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// image is what the docker stand-in needs from the Dockerfile's final
// stage.
type image struct {
	Env         []string // KEY=VALUE in order
	Entrypoint  []string
	Cmd         []string
	Healthcheck []string // the CMD array
	Expose      []string
	Volumes     []string
	Args        map[string]bool // ARG names of every stage
}

// parseDockerfile reads path: continuation lines are joined, instructions
// after the last FROM are the final stage.
func parseDockerfile(path string) (*image, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	img := &image{Args: map[string]bool{}}
	for _, line := range logicalLines(string(data)) {
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToUpper(word) {
		case "FROM":
			*img = image{Args: img.Args}
		case "ARG":
			name, _, _ := strings.Cut(rest, "=")
			img.Args[name] = true
		case "ENV":
			img.Env = append(img.Env, strings.Fields(rest)...)
		case "EXPOSE":
			img.Expose = strings.Fields(rest)
		case "VOLUME":
			img.Volumes = strings.Fields(rest)
		case "ENTRYPOINT", "CMD":
			var v []string
			if err := json.Unmarshal([]byte(rest), &v); err != nil {
				return nil, fmt.Errorf("%s %s: want exec (JSON) form: %v", word, rest, err)
			}
			if strings.EqualFold(word, "CMD") {
				img.Cmd = v
			} else {
				img.Entrypoint = v
			}
		case "HEALTHCHECK":
			_, cmd, ok := strings.Cut(rest, "CMD ")
			if !ok || json.Unmarshal([]byte(cmd), &img.Healthcheck) != nil {
				return nil, fmt.Errorf("HEALTHCHECK %s: want CMD in exec form", rest)
			}
		}
	}
	return img, nil
}

func logicalLines(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if cur.Len() == 0 && (t == "" || strings.HasPrefix(t, "#")) {
			continue
		}
		if strings.HasSuffix(t, "\\") {
			cur.WriteString(strings.TrimSuffix(t, "\\") + " ")
			continue
		}
		cur.WriteString(t)
		out = append(out, cur.String())
		cur.Reset()
	}
	return out
}

// env returns the value of key in KEY=VALUE pairs.
func env(pairs []string, key string) string {
	v := ""
	for _, p := range pairs {
		if k, val, ok := strings.Cut(p, "="); ok && k == key {
			v = val
		}
	}
	return v
}
