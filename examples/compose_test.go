package examples

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type compose struct {
	Services map[string]struct {
		Build       map[string]string `yaml:"build"`
		Image       string            `yaml:"image"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		Volumes     []string          `yaml:"volumes"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck struct {
			Test        []string `yaml:"test"`
			Interval    string   `yaml:"interval"`
			Timeout     string   `yaml:"timeout"`
			Retries     int      `yaml:"retries"`
			StartPeriod string   `yaml:"start_period"`
		} `yaml:"healthcheck"`
		Command []string `yaml:"command"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// TestCompose checks the compose file (health check in exec form, the
// client gated on service_healthy, data on a volume) and plays it: the
// sandbox started with its environment, the client's command run with its
// environment and its volume mapped onto the repository.
func TestCompose(t *testing.T) {
	var c compose
	mustDecodeStrict(t, "docker-compose.yml", &c)
	sb, ok := c.Services["capsandbox"]
	if !ok {
		t.Fatal("no capsandbox service")
	}
	if want := []string{"CMD", "capsandbox", "healthcheck"}; !slices.Equal(sb.Healthcheck.Test, want) {
		t.Errorf("healthcheck test %q, want %q (exec form: the image has no shell)", sb.Healthcheck.Test, want)
	}
	if sb.Build["context"] != ".." || !slices.Contains(sb.Ports, "8080:8080") ||
		!slices.Contains(sb.Volumes, "capsandbox-data:/data") {
		t.Errorf("capsandbox service: build %v ports %v volumes %v", sb.Build, sb.Ports, sb.Volumes)
	}
	if _, ok := c.Volumes["capsandbox-data"]; !ok {
		t.Errorf("named volume capsandbox-data not declared")
	}
	known := envVars(t)
	for k := range sb.Environment {
		if !known[k] {
			t.Errorf("environment %s is not a capsandbox variable", k)
		}
	}
	client := c.Services["client"]
	if client.DependsOn["capsandbox"].Condition != "service_healthy" {
		t.Errorf("client depends_on %+v, want capsandbox: service_healthy", client.DependsOn)
	}
	needTool(t, "node")
	base := serve(t, sb.Environment)
	args := mapVolumes(t, client.Command, client.Volumes)
	env := map[string]string{}
	for k, v := range client.Environment {
		env[k] = strings.Replace(v, "http://capsandbox:8080", base, 1)
	}
	out := runClient(t, env, args[0], args[1], args[2:]...)
	if !addLine.MatchString(out) {
		t.Errorf("client output:\n%s", out)
	}
}

// mapVolumes rewrites container paths in args to the host directories the
// compose volumes ("./dir:/path[:ro]") mount there, relative to the
// repository root.
func mapVolumes(t *testing.T, args, volumes []string) []string {
	t.Helper()
	out := slices.Clone(args)
	for _, v := range volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 || !strings.HasPrefix(parts[0], ".") {
			continue
		}
		host := filepath.Join("examples", parts[0])
		for i, a := range out {
			if strings.HasPrefix(a, parts[1]+"/") {
				out[i] = host + strings.TrimPrefix(a, parts[1])
			}
		}
	}
	if len(out) < 2 || out[1] == args[1] {
		t.Fatalf("command %q: no volume maps its script", args)
	}
	return out
}
