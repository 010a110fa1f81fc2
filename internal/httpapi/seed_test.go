package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
)

// seedDir holds the vendor's sample documents (testdata/seed-samples).
const seedDir = "../../testdata/seed-samples"

// shape is a JSON document's structure with key order and JSON types and
// no values: {"a":s,"b":[{...}]}. An empty array is "[]".
type shape struct {
	kind  string // object, array, string, number, bool, null
	keys  []string
	elems []*shape
}

func parseShape(t *testing.T, data []byte) *shape {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	s, err := readShape(dec)
	if err != nil {
		t.Fatalf("shape: %v", err)
	}
	return s
}

func readShape(dec *json.Decoder) (*shape, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		s := &shape{kind: "object"}
		if v == '[' {
			s.kind = "array"
		}
		for dec.More() {
			if s.kind == "object" {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				s.keys = append(s.keys, k.(string))
			}
			e, err := readShape(dec)
			if err != nil {
				return nil, err
			}
			s.elems = append(s.elems, e)
		}
		_, err := dec.Token()
		return s, err
	case string:
		return &shape{kind: "string"}, nil
	case json.Number:
		return &shape{kind: "number"}, nil
	case bool:
		return &shape{kind: "bool"}, nil
	}
	return &shape{kind: "null"}, nil
}

// sameShape reports the first difference between got and want at path;
// arrays are compared element by element where both have one.
func sameShape(got, want *shape, path string) error {
	if got.kind != want.kind {
		return fmt.Errorf("%s: %s, want %s", path, got.kind, want.kind)
	}
	if got.kind == "object" && strings.Join(got.keys, ",") != strings.Join(want.keys, ",") {
		return fmt.Errorf("%s: keys\n  %s\nwant\n  %s", path, strings.Join(got.keys, ","), strings.Join(want.keys, ","))
	}
	for i := 0; i < len(got.elems) && i < len(want.elems); i++ {
		p := fmt.Sprintf("%s[%d]", path, i)
		if got.kind == "object" {
			p = path + "." + got.keys[i]
		}
		if err := sameShape(got.elems[i], want.elems[i], p); err != nil {
			return err
		}
	}
	return nil
}

// TestSeedRequestReplayed sends the seed page's sample request to the
// default scenario: the response has the seed sample's structure (keys,
// order, JSON types) apart from the side effect the default org does not
// grant.
func TestSeedRequestReplayed(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(seedDir, "request-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The alternate-currency sample answers a request like request-1 in an
	// org without card-number generation, so its external_id is null as
	// in the default org (the coupon sample's org generated one).
	want, err := os.ReadFile(filepath.Join(seedDir, "response-altcurrency.json"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	w := e.do(req{body: string(body)})
	if err := sameShape(parseShape(t, w.Body.Bytes()), parseShape(t, want), "$"); err != nil {
		t.Fatalf("response structure differs from the seed sample: %v\n%s", err, w.Body.String())
	}
	again := e.do(req{body: string(body)})
	if !strings.Contains(again.Body.String(), `"code":"1000","message":"Customer successfully updated"`) ||
		!strings.Contains(again.Body.String(), `"user_id":100000001`) {
		t.Errorf("replay did not update the same customer: %s", again.Body.String())
	}
}

// TestConcurrentAddsOneCustomer races 32 requests adding the same new
// mobile: one registration, the rest updates of the same user_id.
func TestConcurrentAddsOneCustomer(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	bodies := make([]string, 32)
	for i := range bodies {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			bodies[i] = e.do(req{body: cust(`{"mobile":"919876543210","email":"race@example.com"}`)}).Body.String()
		}(i)
	}
	wg.Wait()
	registered := 0
	for _, b := range bodies {
		if strings.Contains(b, "Customer registration successful") {
			registered++
		}
		if !strings.Contains(b, `"user_id":100000001,`) {
			t.Errorf("a racing add got another customer: %s", b)
		}
	}
	if registered != 1 {
		t.Errorf("%d registrations, want 1", registered)
	}
}

// TestCustomerSurvivesRestart registers, closes the server and opens a new
// one on the same file.
func TestCustomerSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	open := func() *env {
		srv, err := server.New(server.Options{Data: path, Now: func() time.Time { return fixedNow }, LogOutput: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		return &env{t: t, srv: srv}
	}
	first := open()
	first.do(req{body: cust(asha)})
	first.srv.Close()
	second := open()
	defer second.srv.Close()
	w := second.do(req{method: "GET", path: "/v1.1/customer/get?mobile=919876543210&user_id=true&format=json"})
	if !strings.Contains(w.Body.String(), `"user_id":"100000001"`) {
		t.Fatalf("customer lost on restart: %s", w.Body.String())
	}
	if w := second.do(req{body: cust(`{"mobile":"919812345678"}`)}); !strings.Contains(w.Body.String(), `"user_id":100000002`) {
		t.Errorf("user id sequence restarted: %s", w.Body.String())
	}
}
