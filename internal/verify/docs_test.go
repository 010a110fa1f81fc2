package verify_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/verify"
)

func compactFile(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b.String()
}

// TestDocsCassette: the embedded cassette reads; every exchange names its
// source and scenario; the vendor's seed samples in it are the files of
// testdata/seed-samples byte for byte (compacted); docs/RECORD-VERIFY.md
// lists every exchange.
func TestDocsCassette(t *testing.T) {
	exs, err := verify.Docs()
	if err != nil {
		t.Fatal(err)
	}
	seed := filepath.Join("..", "..", "testdata", "seed-samples")
	samples := map[int][2]string{
		1: {filepath.Join(seed, "request-1.json"), filepath.Join(seed, "response-coupon.json")},
		2: {filepath.Join(seed, "request-2.json"), filepath.Join(seed, "response-points.json")},
		3: {filepath.Join("..", "server", "testdata", "scenarios", "seed", "request-altcurrency.json"), filepath.Join(seed, "response-altcurrency.json")},
	}
	page, err := os.ReadFile(filepath.Join("..", "..", "docs", "RECORD-VERIFY.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range exs {
		if e.Seq != i+1 || e.Source == "" || e.Scenario == "" || e.Session == "" || e.Note == "" {
			t.Errorf("exchange %d: seq %d, source %q, scenario %q, session %q, note %q", i+1, e.Seq, e.Source, e.Scenario, e.Session, e.Note)
		}
		if !bytes.Contains(page, []byte(fmt.Sprintf("\n| %d | ", e.Seq))) {
			t.Errorf("docs/RECORD-VERIFY.md has no row for docs exchange %d", e.Seq)
		}
		if files, ok := samples[e.Seq]; ok {
			if e.Request.Text != compactFile(t, files[0]) || e.Response.Text != compactFile(t, files[1]) {
				t.Errorf("exchange %d is not %s → %s", e.Seq, files[0], files[1])
			}
		}
	}
}

// TestVerifyDocs: the documented-samples cassette replays; the three
// registration samples of the vendor's customer/add page, which built-in
// scenarios exist to reproduce, conform.
func TestVerifyDocs(t *testing.T) {
	exs, err := verify.Docs()
	if err != nil {
		t.Fatal(err)
	}
	rep := run(t, exs, verify.Options{Seed: 1})
	if rep.Exchanges != len(exs) || len(rep.Results) != len(exs) {
		t.Fatalf("%d results for %d exchanges", len(rep.Results), len(exs))
	}
	for _, res := range rep.Results[:3] {
		if !res.Conform {
			t.Errorf("seed sample does not conform: %+v", res)
		}
	}
	t.Log(strings.TrimSpace(text(t, rep)))
}
