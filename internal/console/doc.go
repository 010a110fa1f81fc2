// Package console serves capsandbox's web console: a few static files
// (HTML, CSS and JavaScript modules, embedded from assets/) that show a
// namespace's request journal live, its customers, its scenario and clock,
// and build X-Sandbox-Outcome values. The pages hold no data: the
// JavaScript reads everything from the control API (package control) with
// fetch, sending the admin token when the server has one, so the assets
// themselves load without it.
//
// Every response carries a strict Content-Security-Policy (scripts, styles
// and connections from the server itself only; no inline script or style),
// X-Content-Type-Options: nosniff and no-referrer. The JavaScript builds
// the page with textContent and DOM nodes, never markup from strings, so a
// client-supplied value such as a firstname is always shown as text.
// docs/CONSOLE.md describes the console.
package console
