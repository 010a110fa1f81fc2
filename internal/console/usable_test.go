package console_test

import (
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/chromedp/chromedp"
)

// The console works from the keyboard: Tab reaches a journal row's button,
// its focus ring shows, and Enter expands it.
func TestKeyboardExpandsARequest(t *testing.T) {
	s := startSandbox(t, server.Options{})
	s.add(t, `{"root":{"customer":[{"mobile":"919800000099"}]}}`)
	tb := openTab(t, ui(s, "#/ns/default/journal"))
	tb.waitFor("the journal row", `document.querySelector('tr.entry button.expand')`, 10*time.Second)
	onButton := `document.activeElement && document.activeElement.matches('tr.entry button.expand')`
	presses := 0
	for ; presses < 40 && !eval[bool](tb, onButton); presses++ {
		tb.run("pressing Tab", chromedp.KeyEvent("\t"))
	}
	if !eval[bool](tb, onButton) {
		t.Fatalf("40 presses of Tab did not reach the row's button (focus on %s)", eval[string](tb, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	t.Logf("Tab reached the first request after %d presses", presses)
	if eval[string](tb, `getComputedStyle(document.activeElement).outlineStyle`) == "none" {
		t.Error("the focused button shows no focus ring")
	}
	tb.run("pressing Enter", chromedp.KeyEvent("\r"))
	tb.waitFor("the expanded request", `document.querySelector('tr.detail:not([hidden]) pre.body')`, 2*time.Second)
	if got := eval[string](tb, `document.activeElement.getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("aria-expanded = %q after Enter", got)
	}
}

// At 420 px wide no view makes the page scroll sideways: wide tables
// scroll inside their own box.
func TestNarrowWindowKeepsThePageWidth(t *testing.T) {
	s := startSandbox(t, server.Options{})
	s.add(t, `{"root":{"customer":[{"mobile":"919800000098","email":"a.very.long.address.for.a.narrow.screen@example.com","firstname":"Asha"}]}}`)
	tb := openTab(t, ui(s, "#/ns/default/journal"))
	tb.run("narrowing the window", chromedp.EmulateViewport(420, 800))
	for _, v := range []struct{ route, ready string }{
		{"#/ns/default/journal", `document.querySelector('tr.entry')`},
		{"#/ns/default/customers", `document.querySelector('table.customers')`},
		{"#/ns/default/customers/100000001", `document.querySelector('tr.entry')`},
		{"#/ns/default/scenario", `document.querySelector('#sc-active .scenario-name')`},
		{"#/ns/default/outcome", `document.querySelector('#outcome-curl')`},
		{"#/namespaces", `document.querySelector('table.namespaces')`},
	} {
		tb.run("opening "+v.route, chromedp.Navigate(ui(s, v.route)))
		tb.waitFor(v.route, v.ready, 5*time.Second)
		if v.route == "#/ns/default/journal" {
			tb.click("tr.entry button.expand")
		}
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 420 {
			t.Errorf("%s at 420 px: the page is %d px wide", v.route, w)
		}
	}
}
