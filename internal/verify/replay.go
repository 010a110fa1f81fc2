package verify

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/capsandbox/capsandbox"
	"github.com/capsandbox/capsandbox/internal/cassette"
)

// replayer replays exchanges into the target, one namespace per session.
type replayer struct {
	t        *target
	ig       *ignorer
	opts     Options
	sessions map[string]*session
}

// session is a namespace and its scenario's tills.
type session struct {
	ns       string
	scenario string
	tills    []till
	sha256   bool // the tills answer to the SHA-256 hex, not the MD5
}

func (rp *replayer) session(e *cassette.Exchange) (*session, error) {
	if s, ok := rp.sessions[e.Session]; ok {
		return s, nil
	}
	s := &session{ns: fmt.Sprintf("verify-%d", len(rp.sessions)+1), scenario: rp.opts.Scenario}
	name := ""
	if rp.opts.Scenario == "" {
		name, s.scenario = e.Scenario, e.Scenario
	}
	if s.scenario == "" {
		s.scenario = "default"
	}
	tills, err := rp.t.useScenario(s.ns, name)
	if err != nil {
		return nil, err
	}
	s.tills = tills
	rp.sessions[e.Session] = s
	return s, nil
}

// replay sends one exchange's request and judges the answer. Its error
// stops the verification (the sandbox's control API failed).
func (rp *replayer) replay(e *cassette.Exchange) (Result, error) {
	s, err := rp.session(e)
	if err != nil {
		return Result{}, err
	}
	res := Result{Seq: e.Seq, Session: e.Session, Scenario: s.scenario, Method: e.Request.Method,
		URI: e.Request.URI(), Source: e.Source, Setup: e.Setup}
	if e.Error != "" {
		res.Reason = "not replayed: the upstream gave no answer when it was recorded (" + e.Error + "); record it again"
		return res, nil
	}
	if !rp.opts.RealClock && !e.Time.IsZero() {
		if err := rp.t.fixClock(s.ns, e.Time); err != nil {
			return Result{}, err
		}
	}
	got, err := rp.send(s, e)
	if err != nil {
		res.Reason = "the sandbox gave no answer: " + err.Error()
		return res, nil
	}
	if e.Setup {
		res.Conform = got.status < 400
		if !res.Conform {
			res.Reason = fmt.Sprintf("setup step refused: HTTP %d %s", got.status, excerpt(got.body))
		}
		return res, nil
	}
	rec, err := recorded(e.Response)
	if err != nil {
		return Result{}, err
	}
	res.Differences = compareAnswers(rec, got, rp.ig)
	res.Conform = len(res.Differences) == 0
	return res, nil
}

func recorded(r *cassette.Response) (answer, error) {
	body, err := r.Bytes()
	if err != nil {
		return answer{}, fmt.Errorf("response.body_base64: %w", err)
	}
	return answer{status: r.Status, header: r.Headers, body: body}, nil
}

// send replays the request. A till credential the sandbox refuses although
// the upstream accepted it is sent once more with the SHA-256 hex, which
// some tills take instead of the MD5.
func (rp *replayer) send(s *session, e *cassette.Exchange) (answer, error) {
	wrong := e.Response != nil && e.Response.Status == http.StatusUnauthorized
	req, substituted, err := rp.request(s, e, wrong)
	if err != nil {
		return answer{}, err
	}
	got, err := rp.t.do(req)
	if err != nil || !substituted || wrong || s.sha256 || got.status != http.StatusUnauthorized {
		return got, err
	}
	s.sha256 = true
	if req, _, err = rp.request(s, e, false); err != nil {
		return answer{}, err
	}
	again, err := rp.t.do(req)
	if err != nil || again.status == http.StatusUnauthorized {
		s.sha256 = false
		return got, nil
	}
	return again, nil
}

// request builds the replayed request: the recorded method, path, query,
// headers and body, in the session's namespace, with a credential of the
// scenario's till in place of the cassette's marker (a wrong one when the
// upstream refused the recorded credential).
func (rp *replayer) request(s *session, e *cassette.Exchange, wrong bool) (*http.Request, bool, error) {
	body, err := e.Request.Bytes()
	if err != nil {
		return nil, false, fmt.Errorf("request.body_base64: %w", err)
	}
	req, err := http.NewRequest(e.Request.Method, rp.t.base+e.Request.URI(), bytes.NewReader(body))
	if err != nil {
		return nil, false, fmt.Errorf("request: %w", err)
	}
	for name, vs := range e.Request.Headers {
		if replayDrops(name, vs) {
			continue
		}
		req.Header[http.CanonicalHeaderKey(name)] = append([]string(nil), vs...)
	}
	req.Header.Set(capsandbox.NamespaceHeader, s.ns)
	auth := req.Header.Get("Authorization")
	if !cassette.IsMarker(auth) {
		return req, false, nil
	}
	cred, ok := s.credential(auth, wrong)
	if ok {
		req.Header.Set("Authorization", cred)
	}
	return req, ok, nil
}

// replayDrops reports whether a recorded header is left out of a replay:
// transport headers, and redacted secrets other than Authorization.
func replayDrops(name string, vs []string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Content-Length", "Host", "Connection", "Accept-Encoding", "Transfer-Encoding":
		return true
	case "Authorization":
		return false
	}
	return len(vs) > 0 && strings.Contains(vs[0], cassette.Redacted)
}

// credential is the Basic credential standing for a marker: the till it
// names when the scenario has it, else the scenario's first till.
func (s *session) credential(marker string, wrong bool) (string, bool) {
	name, ok := cassette.ParseAuthMarker(marker)
	if !ok || len(s.tills) == 0 {
		return "", false
	}
	t := s.tills[0]
	for _, c := range s.tills {
		if c.Username == name {
			t = c
		}
	}
	var secret string
	if s.sha256 {
		sum := sha256.Sum256([]byte(t.Password))
		secret = hex.EncodeToString(sum[:])
	} else {
		sum := md5.Sum([]byte(t.Password))
		secret = hex.EncodeToString(sum[:])
	}
	if wrong {
		secret = strings.Repeat("0", len(secret))
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(t.Username+":"+secret)), true
}
