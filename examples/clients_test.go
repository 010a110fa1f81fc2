package examples

import (
	"regexp"
	"strings"
	"testing"
)

var clients = []struct{ tool, script string }{
	{"node", "examples/node/register.mjs"},
	{"python3", "examples/python/register.py"},
}

var addLine = regexp.MustCompile(`customer/add: user_id (\d+), code 1000 "Customer registration successful"`)

// TestClients runs each standard-library client against the binary: it
// registers, then reads the customer back; a second run on the same
// mobile updates the same customer; a wrong password makes it fail.
func TestClients(t *testing.T) {
	for _, c := range clients {
		t.Run(c.tool, func(t *testing.T) {
			needTool(t, c.tool)
			base := serve(t, nil)
			env := map[string]string{"CAPSANDBOX_URL": base}
			out := runClient(t, env, c.tool, c.script, "919812345678")
			m := addLine.FindStringSubmatch(out)
			if m == nil || !strings.Contains(out, "customer/get: ") {
				t.Fatalf("output does not report a registration and a read-back:\n%s", out)
			}
			again := runClient(t, env, c.tool, c.script, "919812345678")
			if !strings.Contains(again, "user_id "+m[1]+`, code 1000 "Customer successfully updated"`) {
				t.Errorf("second run should update user %s:\n%s", m[1], again)
			}
			ns := runClient(t, map[string]string{"CAPSANDBOX_URL": base, "CAPSANDBOX_NAMESPACE": "other"},
				c.tool, c.script, "919812345678")
			if !addLine.MatchString(ns) {
				t.Errorf("in a fresh namespace the same mobile should register anew:\n%s", ns)
			}
		})
	}
}

func TestClientsReportFailure(t *testing.T) {
	for _, c := range clients {
		t.Run(c.tool, func(t *testing.T) {
			needTool(t, c.tool)
			base := serve(t, nil)
			cmd := clientCmd(c.tool, c.script, map[string]string{"CAPSANDBOX_URL": base, "CAPSANDBOX_TILL_PASSWORD": "wrong"})
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), "registration failed (HTTP 401") {
				t.Errorf("wrong password: err %v, output:\n%s\nwant a non-zero exit naming HTTP 401", err, out)
			}
		})
	}
}
