package examples

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// The docker stand-in: when the test binary runs under the name "docker"
// (a symlink the doc test puts on PATH), it plays the few docker commands
// docs/DEPLOY.md uses by running the capsandbox binary the way the
// Dockerfile's final stage configures it: its ENTRYPOINT and CMD, its ENV
// (then -e), -p mapped onto the ENV's listen port, -v mapped onto a
// directory, and its HEALTHCHECK command for the health status. The image
// itself is assembled and run for real by scripts/image-smoke.sh.
//
// State (built tags, containers) lives in $DOCKER_STANDIN_STATE.

// container is a started stand-in container.
type container struct {
	PID int      `json:"pid"`
	Env []string `json:"env"`
}

func standIn(args []string) int {
	if err := standInRun(args); err != nil {
		fmt.Fprintln(os.Stderr, "docker (stand-in):", err)
		return 1
	}
	return 0
}

func standInRun(args []string) error {
	if len(args) == 0 {
		return errors.New("no command")
	}
	state := os.Getenv("DOCKER_STANDIN_STATE")
	img, err := parseDockerfile("Dockerfile")
	if err != nil {
		return err
	}
	switch args[0] {
	case "build":
		return standInBuild(state, img, args[1:])
	case "run":
		return standInStart(state, img, args[1:])
	case "inspect":
		return standInInspect(state, img, args[1:])
	case "stop":
		return standInStop(state, args[1:])
	case "compose":
		if len(args) < 3 || args[1] != "-f" || args[2] != "examples/docker-compose.yml" {
			return fmt.Errorf("compose: only -f examples/docker-compose.yml is known")
		}
		fmt.Println("examples/docker-compose.yml is played by TestCompose in examples/compose_test.go")
		return nil
	}
	return fmt.Errorf("%q is not a command the stand-in knows", args[0])
}

// standInBuild checks the build args exist in the Dockerfile and records
// the tag.
func standInBuild(state string, img *image, args []string) error {
	tag := ""
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "-t":
			i++
			tag = args[i]
		case "--build-arg":
			i++
			name, _, _ := strings.Cut(args[i], "=")
			if !img.Args[name] {
				return fmt.Errorf("build: the Dockerfile declares no ARG %s", name)
			}
		default:
			if i != len(args)-1 || args[i] != "." {
				return fmt.Errorf("build: unexpected %q", args[i])
			}
		}
	}
	return os.WriteFile(filepath.Join(state, "image-"+tag), nil, 0o644)
}

// standInStart plays "docker run -d --name N [-p H:C] [-v SRC:DST] [-e K=V] IMAGE [ARGS]".
func standInStart(state string, img *image, args []string) error {
	name, port, volumes, extra := "", "", map[string]string{}, []string{}
	i := 0
	for ; i < len(args) && strings.HasPrefix(args[i], "-"); i++ {
		switch args[i] {
		case "-d":
		case "--name":
			i++
			name = args[i]
		case "-p":
			i++
			port = args[i]
		case "-v":
			i++
			src, dst, _ := strings.Cut(args[i], ":")
			volumes[dst] = filepath.Join(state, "volume-"+filepath.Base(src))
		case "-e":
			i++
			extra = append(extra, args[i])
		default:
			return fmt.Errorf("run: unknown option %s", args[i])
		}
	}
	if i >= len(args) || name == "" {
		return errors.New("run: want -d --name NAME ... IMAGE")
	}
	if _, err := os.Stat(filepath.Join(state, "image-"+args[i])); err != nil {
		return fmt.Errorf("run: image %s was not built", args[i])
	}
	envs, err := containerEnv(img, port, volumes, extra)
	if err != nil {
		return err
	}
	cmdArgs := append([]string{}, img.Entrypoint[1:]...)
	if len(args) > i+1 {
		cmdArgs = append(cmdArgs, args[i+1:]...)
	} else {
		cmdArgs = append(cmdArgs, img.Cmd...)
	}
	return startDetached(state, name, envs, cmdArgs)
}

// containerEnv is the image's ENV then extra, with the listen address on
// the published host port and volume paths on host directories.
func containerEnv(img *image, port string, volumes map[string]string, extra []string) ([]string, error) {
	envs := append(append([]string{}, img.Env...), extra...)
	host, cport, _ := strings.Cut(port, ":")
	_, imgPort, _ := net.SplitHostPort(env(envs, "CAPSANDBOX_ADDR"))
	if port != "" && cport != imgPort {
		return nil, fmt.Errorf("run: -p %s publishes %s but the image listens on %s", port, cport, imgPort)
	}
	if port != "" {
		envs = append(envs, "CAPSANDBOX_ADDR=127.0.0.1:"+host)
	}
	for dst, dir := range volumes {
		if !contains(img.Volumes, dst) {
			return nil, fmt.Errorf("run: %s is not a VOLUME of the image", dst)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		for i, e := range envs {
			envs[i] = strings.ReplaceAll(e, "="+dst+"/", "="+dir+"/")
		}
	}
	return envs, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.Trim(v, `[]"`) == s {
			return true
		}
	}
	return false
}

func startDetached(state, name string, envs, args []string) error {
	logf, err := os.Create(filepath.Join(state, "container-"+name+".log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(os.Getenv("DOCKER_STANDIN_CAPSANDBOX"), args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = envs, logf, logf
	if err := cmd.Start(); err != nil {
		return err
	}
	data, _ := json.Marshal(container{PID: cmd.Process.Pid, Env: envs})
	fmt.Println(name)
	return os.WriteFile(filepath.Join(state, "container-"+name+".json"), data, 0o644)
}

func loadContainer(state, name string) (*container, error) {
	data, err := os.ReadFile(filepath.Join(state, "container-"+name+".json"))
	if err != nil {
		return nil, fmt.Errorf("no container %s", name)
	}
	var c container
	return &c, json.Unmarshal(data, &c)
}

// standInInspect answers --format '{{.State.Health.Status}}' by running
// the image's HEALTHCHECK command with the container's env.
func standInInspect(state string, img *image, args []string) error {
	if len(args) != 3 || args[0] != "--format" || args[1] != "{{.State.Health.Status}}" {
		return fmt.Errorf("inspect: only --format '{{.State.Health.Status}}' NAME is known")
	}
	c, err := loadContainer(state, args[2])
	if err != nil {
		return err
	}
	cmd := exec.Command(os.Getenv("DOCKER_STANDIN_CAPSANDBOX"), img.Healthcheck[1:]...)
	cmd.Env = c.Env
	if cmd.Run() == nil {
		fmt.Println("healthy")
	} else {
		fmt.Println("starting")
	}
	return nil
}

// standInStop sends SIGTERM and waits (up to 15 s) for the process to go.
func standInStop(state string, args []string) error {
	if len(args) != 1 {
		return errors.New("stop: want NAME")
	}
	c, err := loadContainer(state, args[0])
	if err != nil {
		return err
	}
	syscall.Kill(c.PID, syscall.SIGTERM)
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(c.PID) {
			fmt.Println(args[0])
			return nil
		}
	}
	return fmt.Errorf("stop: %s did not exit within 15s", args[0])
}

// alive reports whether pid runs (a zombie counts as gone).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(rest, "Z")
}
