package console_test

// The browser harness: one headless Chromium for the whole package (each
// test opens its own tab), a capsandbox per test on 127.0.0.1, and a page
// handle that records JavaScript dialogs, uncaught exceptions and
// Content-Security-Policy violations. A failing test saves a screenshot and
// prints its path.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumEnv names the browser binary when it is not chromium on PATH.
const chromiumEnv = "CAPSANDBOX_CHROMIUM"

// requireEnv, set to 1 (as .ci/run does once it installed Chromium), turns
// the skip without a browser into a failure.
const requireEnv = "CAPSANDBOX_REQUIRE_CHROMIUM"

var shared struct {
	once    sync.Once
	ctx     context.Context // the browser; tabs are opened from it
	cancel  func()
	skipMsg string
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	os.Exit(code)
}

// findChromium returns the browser binary, or "" when none is installed.
func findChromium() string {
	if p := os.Getenv(chromiumEnv); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts the shared browser on first use; without one the test
// skips, saying how to get it.
func browser(t *testing.T) context.Context {
	t.Helper()
	shared.once.Do(func() {
		bin := findChromium()
		if bin == "" {
			shared.skipMsg = "browser tests need Chromium: apt-get install chromium (or set " + chromiumEnv + "); .ci/run installs it"
			return
		}
		dir, err := os.MkdirTemp("", "capsandbox-chromium-")
		if err != nil {
			shared.err = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.UserDataDir(dir),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-extensions", true), chromedp.WindowSize(1280, 800)}
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		shared.ctx = bctx
		shared.cancel = func() { bcancel(); acancel(); os.RemoveAll(dir) }
		shared.err = chromedp.Do(bctx) // starts the browser
	})
	if shared.skipMsg != "" && os.Getenv(requireEnv) == "1" {
		t.Fatal(shared.skipMsg + " (" + requireEnv + "=1)")
	}
	if shared.skipMsg != "" {
		t.Skip(shared.skipMsg)
	}
	if shared.err != nil {
		t.Fatalf("starting Chromium: %v", shared.err)
	}
	return shared.ctx
}

// testServer is a capsandbox served on 127.0.0.1 for one test.
type testServer struct {
	URL string
	srv *server.Server
}

func startSandbox(t *testing.T, opts server.Options) *testServer {
	t.Helper()
	srv := testkit.Server(t, opts)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close) // before the server closes
	return &testServer{URL: hs.URL, srv: srv}
}

// till1 is Basic till1:md5hex("123"), valid in every built-in scenario.
const till1 = testkit.TillAuth

// add sends a registration with a plain HTTP client, as an app would, and
// returns the HTTP status and body; headers come as "Name: value".
func (s *testServer) add(t *testing.T, body string, headers ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/v1.1/customer/add?format=json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", till1)
	req.Header.Set("Content-Type", "application/json")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("customer/add: %v", err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(data)
}

// tab is one browser tab of a test.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu         sync.Mutex
	dialogs    []string
	exceptions []string
}

// cspRecorder collects Content-Security-Policy violations in the page.
const cspRecorder = `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`

// openTab opens a tab on url. At the test's end it checks that no dialog
// opened, no exception escaped and no CSP violation happened, and on
// failure saves a screenshot.
func openTab(t *testing.T, url string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t))
	ctx, cancelTimeout := context.WithTimeout(ctx, 45*time.Second)
	tb := &tab{t: t, ctx: ctx}
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatalf("opening a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, tb.listen); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	t.Cleanup(tb.finish) // runs before the tab closes
	return tb
}

func (tb *tab) listen(ev any) {
	switch e := ev.(type) {
	case *page.EventJavascriptDialogOpening:
		tb.mu.Lock()
		tb.dialogs = append(tb.dialogs, string(e.Type)+": "+e.Message)
		tb.mu.Unlock()
		go chromedp.Call(tb.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{}) // never leave the page blocked
	case *runtime.EventExceptionThrown:
		msg := e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
		tb.mu.Lock()
		tb.exceptions = append(tb.exceptions, msg)
		tb.mu.Unlock()
	}
}

func (tb *tab) finish() {
	t := tb.t
	tb.mu.Lock()
	dialogs, exceptions := tb.dialogs, tb.exceptions
	tb.mu.Unlock()
	if len(dialogs) > 0 {
		t.Errorf("JavaScript dialogs opened: %q", dialogs)
	}
	if len(exceptions) > 0 {
		t.Errorf("uncaught exceptions in the page: %q", exceptions)
	}
	if csp, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]string](`window.__csp || []`)); err == nil && len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
	if t.Failed() {
		tb.screenshot()
	}
}

// screenshot saves the viewport as a PNG in a directory kept after the
// test, and prints its path.
func (tb *tab) screenshot() {
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Logf("no screenshot: %v", err)
		return
	}
	dir, err := os.MkdirTemp("", "capsandbox-console-failure-")
	if err == nil {
		path := filepath.Join(dir, strings.ReplaceAll(tb.t.Name(), "/", "_")+".png")
		if err = os.WriteFile(path, png, 0o644); err == nil {
			tb.t.Logf("screenshot of the failing page: %s", path)
			return
		}
	}
	tb.t.Logf("no screenshot: %v", err)
}

// run runs actions in the tab, failing the test on error.
func (tb *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// js returns a JavaScript string literal of s.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %.60s: %v", expr, err)
	}
	return v
}

// click clicks the first element matching a CSS selector.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.run("clicking "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// waitFor polls a JavaScript expression until it is truthy, for at most
// timeout; it returns how long that took.
func (tb *tab) waitFor(what, expr string, timeout time.Duration) time.Duration {
	tb.t.Helper()
	start := time.Now()
	ctx, cancel := context.WithTimeout(tb.ctx, timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("Boolean("+expr+")", chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		tb.t.Fatalf("waiting %v for %s: %v", timeout, what, err)
	}
	return time.Since(start)
}

// text returns the text of the first element matching a CSS selector.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%s) || {}).textContent || ""`, js(sel))))
	if err != nil {
		tb.t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}

// setValue sets a form control's value and fires its input and change
// events, as typing or picking would.
func (tb *tab) setValue(sel, value string) {
	tb.t.Helper()
	tb.run("setting "+sel, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const el = document.querySelector(%s);
		el.value = %s; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`,
		js(sel), js(value))))
}
