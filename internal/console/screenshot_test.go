package console_test

import (
	"bytes"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/chromedp/chromedp"
)

// updateEnv, set to 1, makes TestScreenshot retake docs/console.png.
const updateEnv = "CAPSANDBOX_UPDATE_SCREENSHOT"

// traffic is what an app under test might have sent: registrations, an
// update, a warning, an XML request, a lookup, failures.
var traffic = []struct{ body, header string }{
	{`{"root":{"customer":[{"mobile":"919876543210","email":"asha.rao@example.com","firstname":"Asha","lastname":"Rao"}]}}`, ""},
	{`{"root":{"customer":[{"mobile":"919812345678","firstname":"Ravi","lastname":"Kumar","custom_fields":{"field":[{"name":"shoe_size","value":"9"}]}}]}}`, "X-Sandbox-Outcome: warning=1017"},
	{`{"root":{"customer":[{"mobile":"919876543210","email":"asha.rao@example.com","firstname":"Asha","lastname":"Rao-Menon"}]}}`, ""},
	{`{"root":{"customer":[{"mobile":"919845001122","email":"qa+e1047@example.com","firstname":"Meera"}]}}`, ""},
	{`{"root":{"customer":[{"mobile":"919900112233","firstname":"Tara","lastname":"Singh"},{"mobile":"91990011","firstname":"Dev"}]}}`, ""},
	{`{"root":{"customer":[{"mobile":"919811122233","firstname":"Kiran"}]}}`, "X-Sandbox-Outcome: status=503"},
	{`{"root":{"customer":[{"mobile":"919822233344","email":"neha.j@example.com","firstname":"Neha","lastname":"Joshi"}]}}`, "X-Sandbox-Outcome: delay=120ms"},
}

func TestScreenshot(t *testing.T) {
	if os.Getenv(updateEnv) != "1" {
		t.Skip("set " + updateEnv + "=1 to retake docs/console.png from a running server")
	}
	s := startSandbox(t, server.Options{})
	for _, r := range traffic {
		var hdr []string
		if r.header != "" {
			hdr = append(hdr, r.header)
		}
		s.add(t, r.body, hdr...)
		time.Sleep(15 * time.Millisecond)
	}
	get, _ := http.NewRequest(http.MethodGet, s.URL+"/v1.1/customer/get?format=json&mobile=919876543210", nil)
	get.Header.Set("Authorization", till1)
	if res, err := http.DefaultClient.Do(get); err == nil {
		res.Body.Close()
	}
	bad, _ := http.NewRequest(http.MethodGet, s.URL+"/v1.1/customer/get?format=json&mobile=919812345678", nil)
	bad.Header.Set("Authorization", "Basic dGlsbDE6d3Jvbmc=")
	if res, err := http.DefaultClient.Do(bad); err == nil {
		res.Body.Close()
	}

	tb := openTab(t, ui(s, "#/ns/default/journal"))
	tb.waitFor("the journal", `document.querySelectorAll('tr.entry').length === 9`, 10*time.Second)
	tb.run("expanding the warned registration", chromedp.Click(chromedp.CSS(`tr.entry:nth-last-child(4) button.expand`)))
	tb.waitFor("the expanded entry", `document.querySelector('tr.detail:not([hidden]) pre.body')`, 2*time.Second)
	tb.run("focus off the page", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	shoot(t, tb, 1280, 800, filepath.Join("..", "..", "docs", "console.png"))
	// The other views, wide and narrow, to look at by hand.
	extra, err := os.MkdirTemp("", "capsandbox-console-views-")
	if err != nil {
		t.Fatal(err)
	}
	for _, view := range []string{"journal", "customers", "scenario", "outcome", "namespaces"} {
		route := "#/ns/default/" + view
		if view == "namespaces" {
			route = "#/namespaces"
		}
		tb.run("opening "+view, chromedp.Navigate(ui(s, route)))
		time.Sleep(400 * time.Millisecond)
		for _, w := range []int64{1280, 420} {
			shoot(t, tb, w, 800, filepath.Join(extra, view+"-"+strconv.FormatInt(w, 10)+".png"))
		}
	}
	t.Logf("docs/console.png retaken; the views, 1280 and 420 px wide, are in %s", extra)
}

// shoot saves the viewport at width×height as a PNG.
func shoot(t *testing.T, tb *tab, width, height int64, path string) {
	t.Helper()
	tb.run("resizing", chromedp.EmulateViewport(width, height))
	time.Sleep(150 * time.Millisecond)
	data, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != int(width) || b.Dy() != int(height) {
		t.Errorf("%s is %dx%d, want %dx%d", path, b.Dx(), b.Dy(), width, height)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
