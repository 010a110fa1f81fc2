package control_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/internal/server"
)

// A fixed clock makes every timestamp of a registration exact: the whole
// answer is compared with a golden file.
func TestFixedClockRegistration(t *testing.T) {
	for _, fixed := range []string{"2024-02-29 10:11:12", "2024-02-29T15:41:12+05:30"} {
		e := newEnv(t, server.Options{})
		var clk control.Clock
		e.call(http.MethodPut, "/__sandbox/clock?namespace=c", `{"fixed":"`+fixed+`"}`, http.StatusOK, &clk)
		if !clk.Fixed || clk.NowVendor != "2024-02-29 10:11:12" {
			t.Fatalf("PUT clock %s = %+v", fixed, clk)
		}
		rec := e.add("c", `{"root":{"customer":[{"mobile":"919800000060","firstname":"Leap"}]}}`)
		body := rec.Body.Bytes()
		if probs := schema.Default().ValidateJSON(schema.AddResponse, body); len(probs) > 0 {
			t.Errorf("answer fails the schema: %v", probs)
		}
		for _, want := range []string{`"registered_on":"2024-02-29 10:11:12"`, `"updated_on":"2024-02-29 10:11:12"`,
			`"tier_expiry_date":"2124-02-29 23:59:59"`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("fixed %s: answer lacks %s", fixed, want)
			}
		}
		golden(t, "clock-fixed-add.golden.json", body)
	}
}

func TestClockOffsetAndAdvance(t *testing.T) {
	e := newEnv(t, server.Options{})
	var clk control.Clock
	e.call(http.MethodPut, "/__sandbox/clock", `{"offset":"-2d"}`, http.StatusOK, &clk)
	now, err := time.Parse(time.RFC3339Nano, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(now) - 48*time.Hour; clk.Fixed || clk.Offset != "-48h0m0s" || d < 0 || d > time.Minute {
		t.Errorf("offset clock = %+v (%v from real time - 48h)", clk, d)
	}
	e.call(http.MethodPut, "/__sandbox/clock", `{"fixed":"2024-01-31 23:00:00"}`, http.StatusOK, &clk)
	e.call(http.MethodPut, "/__sandbox/clock", `{"advance":"90m"}`, http.StatusOK, &clk)
	if clk.NowVendor != "2024-02-01 00:30:00" || !clk.Fixed {
		t.Errorf("advanced fixed clock = %+v", clk)
	}
	e.call(http.MethodPut, "/__sandbox/clock", ``, http.StatusOK, &clk)
	e.call(http.MethodGet, "/__sandbox/clock", ``, http.StatusOK, &clk)
	if clk.Fixed || clk.Offset != "0s" {
		t.Errorf("after an empty PUT the clock is not real time: %+v", clk)
	}
	for body, mention := range map[string]string{
		`{"fixed":"2024-01-31","offset":"1h"}`: "set one of",
		`{"offset":"soon"}`:                    "offset must be a duration",
		`{"fixed":"31/01/2024"}`:               "fixed must be RFC 3339",
		`{"at":"now"}`:                         `unknown field "at"`,
	} {
		rec := e.do(http.MethodPut, "/__sandbox/clock", body)
		if rec.Code != http.StatusBadRequest || !strings.Contains(errorOf(t, rec), mention) {
			t.Errorf("PUT clock %s: HTTP %d %s, want 400 mentioning %q", body, rec.Code, rec.Body, mention)
		}
	}
}
