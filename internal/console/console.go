package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

//go:embed assets
var assets embed.FS

// ContentSecurityPolicy is the policy of every console response: only the
// server's own scripts, styles, images and API; no inline code, no
// framing, no plugins, no form posts elsewhere.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// asset is one embedded file, ready to serve.
type asset struct {
	data  []byte
	ctype string
	etag  string
}

// Console serves the embedded console under a mount path.
type Console struct {
	mount  string // e.g. "/__sandbox/ui", no trailing slash
	assets map[string]asset
}

// New returns the console served under mount (a path such as
// "/__sandbox/ui"): mount itself redirects to mount + "/", which serves
// the page; mount + "/<file>" serves the other assets.
func New(mount string) *Console {
	c := &Console{mount: strings.TrimSuffix(mount, "/"), assets: map[string]asset{}}
	root, _ := fs.Sub(assets, "assets")
	_ = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		c.assets[p] = asset{data: data, ctype: contentType(p), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	return c
}

// Prefix returns the path the console is served under.
func (c *Console) Prefix() string { return c.mount }

// Mount registers the console on g, an Echo group at Prefix: the prefix
// itself (a redirect), the page at Prefix + "/", and a catch-all for
// everything else under it (its other files; 404 for another path, 405
// for a method but GET and HEAD). It needs no token: the files hold no
// data.
func (c *Console) Mount(g *echo.Group) {
	h := echo.WrapHandler(c)
	g.GET("", h)
	g.GET("/", h)
	g.RouteNotFound("/*", h)
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// ServeHTTP answers GET and HEAD for the console's files; a path that is
// not one answers 404 and another method 405, both as plain text.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		plain(w, http.StatusMethodNotAllowed, r.Method+" "+r.URL.Path+": the console's files answer GET and HEAD only")
		return
	}
	if r.URL.Path == c.mount {
		http.Redirect(w, r, c.mount+"/", http.StatusMovedPermanently)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, c.mount+"/")
	if name == "" {
		name = "index.html"
	}
	a, found := c.assets[name]
	if !ok || !found {
		plain(w, http.StatusNotFound, "no console file "+r.URL.Path+" (the console is at "+c.mount+"/)")
		return
	}
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "no-cache") // revalidate: the files change with the binary
	h.Set("ETag", a.etag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}

func plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
