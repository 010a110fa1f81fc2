package control

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/capsandbox/capsandbox/internal/scenario"
	"github.com/labstack/echo/v4"
)

// ScenarioInfo is the answer of GET and PUT /__sandbox/scenario.
type ScenarioInfo struct {
	Namespace   string `json:"namespace,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
	Tills       []Till `json:"tills"`
	Rules       int    `json:"rules"`
	Customers   int    `json:"initial_customers"`
}

// Till is a till of a scenario: a Basic-auth login of the vendor API
// (clients send md5hex(Password)).
type Till struct {
	Username  string `json:"username"`
	Password  string `json:"password"`
	StoreCode string `json:"store_code,omitempty"`
}

func viewScenario(ns string, s *scenario.Scenario) ScenarioInfo {
	v := ScenarioInfo{Namespace: ns, Name: s.Name, Description: s.Description, Source: s.Source,
		Tills: make([]Till, len(s.Org.Tills)), Rules: len(s.Rules)}
	for i, t := range s.Org.Tills {
		v.Tills[i] = Till{Username: t.Username, Password: t.Password, StoreCode: t.StoreCode}
	}
	for _, ic := range s.Customers {
		v.Customers += max(ic.Fake, 1)
	}
	return v
}

// getScenario serves GET /__sandbox/scenario: the namespace's active
// scenario; ?format=yaml answers the scenario file itself.
func (a *API) getScenario(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	s := ns.Scenario()
	if c.QueryParam("format") == "yaml" {
		return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", s.YAML)
	}
	return c.JSON(http.StatusOK, viewScenario(ns.Name, s))
}

// putScenario serves PUT /__sandbox/scenario: switch the namespace to a
// scenario by name (?name=, or a JSON body {"name": ...}) or to a YAML body
// validated like a scenario file. The namespace is reset to the new
// scenario's initial customers.
func (a *API) putScenario(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	if err := a.Spaces.CheckYAMLSize(len(body)); err != nil {
		return limitError(err)
	}
	s, err := a.requestedScenario(c, body)
	if err != nil {
		return writeProblems(c, err)
	}
	if err := ns.SwitchScenario(s); err != nil {
		return limitError(err)
	}
	return c.JSON(http.StatusOK, viewScenario(ns.Name, s))
}

// requestedScenario resolves the scenario a PUT names or carries.
func (a *API) requestedScenario(c echo.Context, body []byte) (*scenario.Scenario, error) {
	name := c.QueryParam("name")
	if len(bytes.TrimSpace(body)) == 0 {
		if name == "" {
			return nil, fail(http.StatusBadRequest, "name a scenario (?name= or {\"name\": ...}) or send a scenario YAML body")
		}
		return a.namedScenario(name)
	}
	if mt, _, _ := mime.ParseMediaType(c.Request().Header.Get("Content-Type")); mt == "application/json" {
		var req struct {
			Name string `json:"name"`
		}
		if err := decodeJSON(body, &req); err != nil {
			return nil, err
		}
		return a.namedScenario(req.Name)
	}
	s, err := a.Spaces.Library().Parse("PUT /__sandbox/scenario", body)
	if err != nil {
		return nil, newProblems("invalid scenario", err)
	}
	return s, nil
}

// namedScenario returns a scenario of the library by name only: a control
// request may not make the server read files by path.
func (a *API) namedScenario(name string) (*scenario.Scenario, error) {
	lib := a.Spaces.Library()
	for _, n := range lib.Names() {
		if n == name {
			return lib.Get(n)
		}
	}
	return nil, fail(http.StatusNotFound, "unknown scenario %q (GET %s/scenarios lists them)", name, Prefix)
}

// ScenarioList is the answer of GET /__sandbox/scenarios.
type ScenarioList struct {
	Scenarios []scenario.Summary `json:"scenarios"`
}

// listScenarios serves GET /__sandbox/scenarios: every scenario a
// namespace may switch to, with its description.
func (a *API) listScenarios(c echo.Context) error {
	return c.JSON(http.StatusOK, ScenarioList{Scenarios: a.Spaces.Library().List()})
}

// reloadScenarios serves POST /__sandbox/scenarios/reload: re-read the
// --scenarios-dir files. On any problem the library keeps its previous
// contents and the answer lists every problem as file:line:column. Namespaces keep
// the scenario they run until switched.
func (a *API) reloadScenarios(c echo.Context) error {
	if err := a.Spaces.Library().Reload(); err != nil {
		return writeProblems(c, newProblems("scenarios not reloaded", err))
	}
	return a.listScenarios(c)
}

// reset serves POST /__sandbox/reset: the namespace back to its scenario's
// initial customers, with its clock, journal, rule counters and rate limits
// cleared; ?all=true drops every namespace instead.
func (a *API) reset(c echo.Context) error {
	if all, _ := strconv.ParseBool(c.QueryParam("all")); all {
		if err := a.Spaces.ResetAll(); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"reset": "all"})
	}
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	if err := ns.Reset(); err != nil {
		return err
	}
	_, total, err := ns.Customers(0, 0)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"reset": ns.Name, "customers": total})
}

// ErrorBody is every control failure's body; Problems lists each problem
// of a rejected scenario as "file:line:column: problem".
type ErrorBody struct {
	Error    string   `json:"error"`
	Problems []string `json:"problems,omitempty"`
}

// problemsError is a 400 listing every problem of a scenario, one
// "file:line:column: problem" string each.
type problemsError struct {
	msg      string
	problems []string
}

func (e *problemsError) Error() string { return e.msg }

func newProblems(msg string, err error) error {
	var es scenario.Errors
	if !errors.As(err, &es) {
		return &problemsError{msg: msg, problems: []string{err.Error()}}
	}
	pe := &problemsError{msg: msg}
	for _, e := range es {
		pe.problems = append(pe.problems, e.Error())
	}
	return pe
}

// writeProblems answers a problemsError itself ({"error", "problems"});
// any other error goes back to the error handler.
func writeProblems(c echo.Context, err error) error {
	var pe *problemsError
	if !errors.As(err, &pe) {
		return err
	}
	msg := pe.msg
	if len(pe.problems) > 0 {
		msg += ": " + pe.problems[0]
	}
	return c.JSON(http.StatusBadRequest, ErrorBody{Error: msg, Problems: pe.problems})
}
