package control

import "net/http"

// ConsolePath is where the web console (package console) is served: its
// files need no admin token, since they hold no data; the console reads
// everything through the control routes, with the token.
const ConsolePath = Prefix + "/ui"

const tagConsole = "Sandbox console (UI assets)"

// consoleOps are the console's routes, in the document as UI assets: HTML,
// CSS and JavaScript, no data, no token.
var consoleOps = []struct{ path, id, summary, ctype string }{
	{ConsolePath, "sandboxConsoleRedirect", "Redirects (301) to " + ConsolePath + "/", ""},
	{ConsolePath + "/", "sandboxConsole", "The web console's page; it loads its files (console.css, js/*.js, favicon.svg) from under " +
		ConsolePath + "/, answered by the console's catch-all (GET and HEAD; 404 for another path, 405 for another method)", "text/html"},
}

func consoleOperations(d *Document) {
	d.Tags = append(d.Tags, map[string]string{"name": tagConsole, "description": "The web console's static files under " +
		ConsolePath + "/. They hold no data and need no token; every answer carries a strict Content-Security-Policy."})
	for _, o := range consoleOps {
		op := &Operation{Tags: []string{tagConsole}, Summary: o.summary, OperationID: o.id,
			Security: []map[string][]string{{}}, Responses: map[string]any{}}
		if o.ctype == "" {
			op.Responses["301"] = map[string]any{"description": "Moved Permanently"}
		} else {
			op.Responses["200"] = map[string]any{"description": "OK", "content": map[string]any{
				o.ctype: map[string]any{"schema": map[string]any{"type": "string"}}}}
			op.Responses["404"] = map[string]any{"description": "No such file (text/plain)."}
		}
		d.add(http.MethodGet, o.path, op)
	}
}
