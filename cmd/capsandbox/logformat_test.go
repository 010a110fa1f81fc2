package main

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// secretMarker is sent in a request body; it must never reach the log.
const secretMarker = "Body-Secret-7f3a"

// testLogFormats checks the one line per vendor request in both formats:
// request id, namespace, method, path, status, item codes and duration,
// and neither the body nor the credentials.
func testLogFormats(t *testing.T, bin string) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			addr := proctest.Addr(t)
			cmd := exec.Command(bin, "serve", "--log-format", format)
			cmd.Env = []string{"CAPSANDBOX_ADDR=" + addr, "CAPSANDBOX_DATA=" + filepath.Join(t.TempDir(), "c.db")}
			p := proctest.Start(t, cmd, addr)
			h := http.Header{"X-Sandbox-Namespace": {"qa-logs"}, "Authorization": till1["Authorization"], "Content-Type": {"application/json"}}
			req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/v1.1/customer/add?format=json",
				strings.NewReader(`{"root":{"customer":[{"mobile":"919876543210","firstname":"`+secretMarker+`"}]}}`))
			req.Header = h
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			id := resp.Header.Get("X-Cap-Requestid")
			line := waitForLine(t, p, id)
			fields := parseLogLine(t, format, line)
			want := map[string]string{"msg": "request", "request_id": id, "namespace": "qa-logs", "method": "POST",
				"path": "/v1.1/customer/add", "status": "200", "codes": "1000", "level": "INFO"}
			for k, v := range want {
				if fields[k] != v {
					t.Errorf("%s = %q, want %q in %s", k, fields[k], v, line)
				}
			}
			if !regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`).MatchString(fields["duration_ms"]) {
				t.Errorf("duration_ms = %q, want a number of milliseconds", fields["duration_ms"])
			}
			p.Stop(t)
			all := p.Output()
			for _, leak := range []string{secretMarker, "202cb962ac59075b964b07152d234b70", "dGlsbDE6"} {
				if strings.Contains(all, leak) {
					t.Errorf("the log contains %q (a body or credentials):\n%s", leak, all)
				}
			}
			if n := strings.Count(all, id); n != 1 {
				t.Errorf("request %s appears on %d log lines, want 1", id, n)
			}
		})
	}
}

// waitForLine returns the first log line containing s.
func waitForLine(t *testing.T, p *proctest.Proc, s string) string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, line := range strings.Split(p.Output(), "\n") {
			if strings.Contains(line, s) {
				return line
			}
		}
	}
	t.Fatalf("no log line with %q:\n%s", s, p.Output())
	return ""
}

var textField = regexp.MustCompile(`([a-z_]+)=("(?:[^"\\]|\\.)*"|\S*)`)

// parseLogLine reads a slog line (text key=value or JSON) into strings.
func parseLogLine(t *testing.T, format, line string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if format == "json" {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %v\n%s", err, line)
		}
		for k, v := range m {
			b, _ := json.Marshal(v)
			out[k] = strings.Trim(string(b), `"`)
		}
		return out
	}
	if strings.HasPrefix(line, "{") {
		t.Fatalf("text format wrote JSON: %s", line)
	}
	for _, m := range textField.FindAllStringSubmatch(line, -1) {
		out[m[1]] = strings.Trim(m[2], `"`)
	}
	return out
}
