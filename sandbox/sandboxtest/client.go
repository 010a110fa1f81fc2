package sandboxtest

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/namespace"
)

// Client returns an HTTP client for the server that fills in what a test
// would otherwise repeat on every request: the namespace header and, on
// vendor routes, Basic auth for the first till of the namespace's active
// scenario (on control routes, the admin token). Headers a request already
// carries are left alone.
func (s *Sandbox) Client() *http.Client {
	return &http.Client{Transport: &transport{s: s}}
}

type transport struct{ s *Sandbox }

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	if r.Header.Get(namespace.Header) == "" {
		r.Header.Set(namespace.Header, t.s.ns)
	}
	if r.Header.Get("Authorization") == "" {
		auth, err := t.s.authorization(r.URL.Path)
		if err != nil {
			return nil, err
		}
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
	}
	return t.s.transport.RoundTrip(r)
}

// authorization is the Authorization header a request to path needs.
func (s *Sandbox) authorization(path string) (string, error) {
	if strings.HasPrefix(path, control.Prefix+"/") {
		if s.token == "" {
			return "", nil
		}
		return "Bearer " + s.token, nil
	}
	till, pass, err := s.Till()
	if err != nil {
		return "", err
	}
	sum := md5.Sum([]byte(pass))
	req := http.Request{Header: http.Header{}}
	req.SetBasicAuth(till, hex.EncodeToString(sum[:]))
	return req.Header.Get("Authorization"), nil
}

// Till returns the username and plain password of the first till of the
// namespace's active scenario.
func (s *Sandbox) Till() (user, password string, err error) {
	return s.srv.Till(s.ns)
}

// control calls a control route in the handle's namespace and decodes a
// 2xx JSON answer into out (when not nil). Any other answer is an error
// carrying the control API's message.
func (s *Sandbox) control(method, path string, query url.Values, body any, out any) error {
	rd, contentType, err := encodeBody(body)
	if err != nil {
		return err
	}
	u := s.url + control.Prefix + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var eb control.ErrorBody
		if json.Unmarshal(data, &eb) != nil || eb.Error == "" {
			eb.Error = strings.TrimSpace(string(data))
		}
		return &ControlError{Method: method, Path: control.Prefix + path, Status: resp.StatusCode, Body: eb}
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	return json.Unmarshal(data, out)
}

// encodeBody sends raw bytes as YAML (a scenario) and anything else as
// JSON.
func encodeBody(body any) (io.Reader, string, error) {
	switch b := body.(type) {
	case nil:
		return nil, "", nil
	case []byte:
		return bytes.NewReader(b), "application/yaml", nil
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil, "", err
	}
	return bytes.NewReader(data), "application/json", nil
}

// ControlError is a control API call that did not succeed.
type ControlError struct {
	Method, Path string
	Status       int
	Body         control.ErrorBody
}

func (e *ControlError) Error() string {
	msg := fmt.Sprintf("sandboxtest: %s %s: %d: %s", e.Method, e.Path, e.Status, e.Body.Error)
	if len(e.Body.Problems) > 1 {
		msg += "\n" + strings.Join(e.Body.Problems, "\n")
	}
	return msg
}
