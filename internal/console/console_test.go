package console_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/console"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// serve sends one request to a whole server's handler.
func serve(t *testing.T, srv *server.Server, method, target string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	header := http.Header{}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		header.Set(k, v)
	}
	return testkit.Do(srv.Handler(), method, target, "", header)
}

func newServer(t *testing.T, opts server.Options) *server.Server {
	t.Helper()
	return testkit.Server(t, opts)
}

func TestConsoleRoutes(t *testing.T) {
	srv := newServer(t, server.Options{AdminToken: "tok"}) // the files need no token
	tests := []struct {
		method, target string
		status         int
		ctype, body    string
	}{
		{"GET", "/__sandbox/ui/", 200, "text/html; charset=utf-8", `<script type="module" src="js/main.js">`},
		{"GET", "/__sandbox/ui/index.html", 200, "text/html; charset=utf-8", "<title>capsandbox console</title>"},
		{"GET", "/__sandbox/ui/js/main.js", 200, "text/javascript; charset=utf-8", "import"},
		{"GET", "/__sandbox/ui/console.css", 200, "text/css; charset=utf-8", ":focus-visible"},
		{"GET", "/__sandbox/ui/favicon.svg", 200, "image/svg+xml", "<svg"},
		{"HEAD", "/__sandbox/ui/console.css", 200, "text/css; charset=utf-8", ""},
		{"GET", "/__sandbox/ui", 301, "", ""},
		{"GET", "/__sandbox/ui/nope.js", 404, "text/plain; charset=utf-8", "no console file /__sandbox/ui/nope.js"},
		{"GET", "/__sandbox/ui/js/", 404, "text/plain; charset=utf-8", "no console file"},
		{"GET", "/__sandbox/ui/../requests", 404, "text/plain; charset=utf-8", "no console file"},
		{"POST", "/__sandbox/ui/", 405, "text/plain; charset=utf-8", "GET and HEAD only"},
		{"DELETE", "/__sandbox/ui/js/main.js", 405, "text/plain; charset=utf-8", "GET and HEAD only"},
	}
	for _, tc := range tests {
		rec := serve(t, srv, tc.method, tc.target)
		name := tc.method + " " + tc.target
		if rec.Code != tc.status {
			t.Errorf("%s: HTTP %d, want %d: %s", name, rec.Code, tc.status, rec.Body)
			continue
		}
		h := rec.Header()
		if h.Get("Content-Security-Policy") != console.ContentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: security headers %v", name, h)
		}
		if tc.ctype != "" && h.Get("Content-Type") != tc.ctype {
			t.Errorf("%s: Content-Type %q, want %q", name, h.Get("Content-Type"), tc.ctype)
		}
		if !strings.Contains(rec.Body.String(), tc.body) {
			t.Errorf("%s: body does not hold %q: %.200s", name, tc.body, rec.Body)
		}
	}
	if loc := serve(t, srv, "GET", "/__sandbox/ui").Header().Get("Location"); loc != "/__sandbox/ui/" {
		t.Errorf("redirect to %q", loc)
	}
	if rec := serve(t, srv, "GET", "/__sandbox/requests"); rec.Code != http.StatusUnauthorized {
		t.Errorf("the data the console reads: HTTP %d without the token, want 401", rec.Code)
	}
	if rec := serve(t, srv, "GET", "/__sandbox/requests", "Authorization: Bearer tok"); rec.Code != http.StatusOK {
		t.Errorf("the data the console reads: HTTP %d with the token", rec.Code)
	}
}

func TestConsoleRevalidates(t *testing.T) {
	srv := newServer(t, server.Options{})
	first := serve(t, srv, "GET", "/__sandbox/ui/js/main.js")
	etag := first.Header().Get("ETag")
	if etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, first.Header().Get("Cache-Control"))
	}
	if rec := serve(t, srv, "GET", "/__sandbox/ui/js/main.js", "If-None-Match: "+etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: HTTP %d, want 304", rec.Code)
	}
}

// assetFiles returns every file under assets/ by its path there.
func assetFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir("assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(strings.TrimPrefix(p, "assets"+string(filepath.Separator)))] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The rules the Content-Security-Policy enforces, and the one it cannot
// (no markup from strings), checked in the source: no inline script, style
// or handler in the page; no HTML parsing, eval or style strings in the
// scripts.
func TestAssetsBuildNoMarkupFromStrings(t *testing.T) {
	files := assetFiles(t)
	page := files["index.html"]
	scripts := regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	if len(scripts) == 0 {
		t.Error("index.html loads no script")
	}
	for _, m := range scripts {
		if !strings.Contains(m[1], " src=") || strings.TrimSpace(m[2]) != "" {
			t.Errorf("index.html: inline script %q", m[0])
		}
	}
	for _, bad := range []*regexp.Regexp{regexp.MustCompile(`(?i)\sstyle=`),
		regexp.MustCompile(`(?i)\son[a-z]+=`), regexp.MustCompile(`(?i)<style`), regexp.MustCompile(`(?i)javascript:`), regexp.MustCompile(`(?i)https?://`)} {
		if m := bad.FindString(page); m != "" {
			t.Errorf("index.html: %q", m)
		}
	}
	forbidden := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|\.style\b|setAttribute\(['"](?:style|on)|https?://`)
	n := 0
	for name, src := range files {
		if !strings.HasSuffix(name, ".js") {
			continue
		}
		n++
		for _, line := range strings.Split(src, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			if m := forbidden.FindString(line); m != "" {
				t.Errorf("%s: %q in %s", name, m, strings.TrimSpace(line))
			}
		}
	}
	if n < 5 {
		t.Errorf("only %d scripts checked", n)
	}
}

// Every module a script imports is one of the console's files.
func TestAssetsImportsResolve(t *testing.T) {
	files := assetFiles(t)
	imp := regexp.MustCompile(`(?m)^import .* from '\./([a-z]+\.js)';$`)
	for name, src := range files {
		for _, m := range imp.FindAllStringSubmatch(src, -1) {
			if _, ok := files["js/"+m[1]]; !ok {
				t.Errorf("%s imports %s, which is not a console file", name, m[1])
			}
		}
	}
}

// The console takes vendor texts from GET /__sandbox/codes: none is typed
// into its files.
func TestAssetsHoldNoVendorText(t *testing.T) {
	var texts []string
	for _, c := range sandbox.ItemErrorCodes() {
		texts = append(texts, sandbox.ItemMessage(c))
	}
	for _, c := range sandbox.WarningCodes() {
		texts = append(texts, sandbox.WarningText(c, ""))
	}
	for _, c := range sandbox.RequestCodes() {
		texts = append(texts, sandbox.RequestMessage(c))
	}
	texts = append(texts, sandbox.MsgRegistered, sandbox.MsgUpdated, sandbox.MsgRetrieved)
	for name, src := range assetFiles(t) {
		for _, text := range texts {
			if len(text) > 12 && strings.Contains(src, text) {
				t.Errorf("%s spells the vendor text %q", name, text)
			}
		}
	}
}
