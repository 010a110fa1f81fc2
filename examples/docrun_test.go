package examples

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// runDocAgainstServer runs a doc's unmarked command blocks in order, as
// the reader after the README's install steps, against one running
// server: 127.0.0.1:8080 becomes its address, and B (the docs' shorthand
// for it) is set. setup runs first, in the same shell.
func runDocAgainstServer(t *testing.T, file, setup string, extraPath ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("installs capsandbox with go install")
	}
	needTool(t, "curl")
	r := newReader(t)
	prelude := r.install(t)
	for _, p := range extraPath {
		prelude += "PATH=$PATH:" + p + "\n"
	}
	addr := proctest.Addr(t)
	var body strings.Builder
	body.WriteString("B=http://" + addr + "\n" + setup + "\n")
	blocks := docCommands(t, file)
	if len(blocks) == 0 {
		t.Fatalf("%s has no command block", file)
	}
	for _, b := range blocks {
		body.WriteString("echo " + shellQuote("$ "+file+":"+strconv.Itoa(b.line)) + "\n")
		body.WriteString(strings.ReplaceAll(b.text, "127.0.0.1:8080", addr) + "\necho\n")
	}
	out, err := r.run(t, withServer(prelude, addr, body.String()), 3*time.Minute)
	if err != nil {
		t.Fatalf("%s's commands failed: %v\n%s", file, err, out)
	}
	return out
}

// TestControlDocCommands runs docs/CONTROL.md's commands against a server
// (my-org.yaml, which a PUT sends, is the README's scenario).
func TestControlDocCommands(t *testing.T) {
	out := runDocAgainstServer(t, "docs/CONTROL.md",
		`printf 'name: my-org\nextends: default\n' > my-org.yaml`)
	for _, want := range []string{`"reset":"qa-1"`, `"name":"strict-primary"`, `"name":"my-org"`, `"user_id":100000001`,
		`"now_vendor":"2024-05-01 09:30:00"`, "\nok\n", "seeded 1000 customers into namespace default of seeded.db"} {
		if !strings.Contains(out, want) {
			t.Errorf("docs/CONTROL.md's commands' output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `{"error"`) {
		t.Errorf("a docs/CONTROL.md command got an error:\n%s", out)
	}
}

// TestScenariosDocCommands runs docs/SCENARIOS.md's command blocks (the
// precedence example) against a server.
func TestScenariosDocCommands(t *testing.T) {
	out := runDocAgainstServer(t, "docs/SCENARIOS.md", "")
	for _, want := range []string{`"warnings":{"warning":["1017"]}`, `"warnings":{"warning":["91006"]}`} {
		if !strings.Contains(out, want) {
			t.Errorf("docs/SCENARIOS.md's commands' output lacks %s:\n%s", want, out)
		}
	}
}

// TestExamplesDocCommands runs examples/README.md's commands (the Node and
// Python examples, with the reader's node and python3) against a server.
func TestExamplesDocCommands(t *testing.T) {
	var dirs []string
	for _, tool := range []string{"node", "python3"} {
		path, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("%s is not installed", tool)
		}
		dirs = append(dirs, filepath.Dir(path))
	}
	out := runDocAgainstServer(t, "examples/README.md", "", dirs...)
	if n := strings.Count(out, `code 1000 "Customer registration successful"`); n != 2 {
		t.Errorf("examples/README.md's commands registered %d customers, want 2:\n%s", n, out)
	}
}
