package examples

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// workflow is the part of a GitHub Actions workflow the example uses.
type workflow struct {
	Name string `yaml:"name"`
	On   any    `yaml:"on"`
	Jobs map[string]struct {
		RunsOn   string             `yaml:"runs-on"`
		Services map[string]service `yaml:"services"`
		Env      map[string]string  `yaml:"env"`
		Steps    []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

type service struct {
	Image   string            `yaml:"image"`
	Ports   []string          `yaml:"ports"`
	Env     map[string]string `yaml:"env"`
	Options string            `yaml:"options"`
}

func mustDecodeStrict(t *testing.T, path string, v any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestWorkflow checks the service container is configured by known
// environment variables alone and health-gated by the image's check, then
// plays the job: capsandbox started with the service's env, every run step
// executed with the job's env against it.
func TestWorkflow(t *testing.T) {
	var wf workflow
	mustDecodeStrict(t, "github-actions/contract-tests.yml", &wf)
	job, ok := wf.Jobs["contract"]
	if !ok || wf.On == nil || job.RunsOn == "" {
		t.Fatalf("workflow has no contract job with runs-on and on: %+v", wf)
	}
	svc, ok := job.Services["capsandbox"]
	if !ok || svc.Image == "" || !slices.Contains(svc.Ports, "8080:8080") {
		t.Fatalf("service capsandbox: %+v, want an image and port 8080:8080", svc)
	}
	known := envVars(t)
	for k := range svc.Env {
		if !known[k] {
			t.Errorf("service env %s is not a capsandbox variable", k)
		}
	}
	if strings.Contains(svc.Options, "--health-cmd") || !strings.Contains(svc.Options, "--health-interval") {
		t.Errorf("options %q: want the image's own health check (no --health-cmd: scratch has no shell), probed faster", svc.Options)
	}
	for _, tool := range []string{"bash", "curl", "node", "python3"} {
		needTool(t, tool)
	}
	base := serve(t, svc.Env)
	ran := 0
	for _, step := range job.Steps {
		if step.Run == "" {
			continue
		}
		env := map[string]string{}
		for k, v := range job.Env {
			env[k] = v
		}
		for k, v := range step.Env {
			env[k] = v
		}
		env["CAPSANDBOX_URL"] = base // the service's published port, here
		out := runClient(t, env, "bash", "-eo", "pipefail", "-c", step.Run)
		t.Logf("step %q:\n%s", step.Name, out)
		ran++
	}
	if ran < 5 {
		t.Errorf("ran %d steps, want the workflow's 6 run steps", ran)
	}
}
