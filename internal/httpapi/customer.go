package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/scenario"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/internal/wire"
	"github.com/labstack/echo/v4"
)

// add serves POST /v1.1/customer/add: a batch upsert, one engine decision
// per item in order (docs/VENDOR.md, The add request; Response).
func (a *API) add(c echo.Context) error { return a.items(c, schema.AddRequest, true) }

// update serves POST|PUT /v1.1/customer/update (docs/VENDOR.md, customer/update).
func (a *API) update(c echo.Context) error {
	rs := a.state(c)
	allowed := false
	for _, m := range rs.settings().UpdateMethods {
		allowed = allowed || m == c.Request().Method
	}
	if !allowed {
		return Fail(sandbox.StatusMethod, "this scenario accepts customer/update with %s", strings.Join(rs.settings().UpdateMethods, ", "))
	}
	return a.items(c, schema.UpdateRequest, false)
}

// items decodes, validates and decides every customer of an add or update.
func (a *API) items(c echo.Context, schemaName string, add bool) error {
	rs := a.state(c)
	body, err := a.readBody(c, rs)
	if err != nil {
		return err
	}
	kind, err := bodyKind(c.Request(), body, rs.settings().LenientContentType)
	if err != nil {
		return err
	}
	inputs, fast := []sandbox.ItemInput(nil), false
	if add && kind == "json" {
		inputs, fast = fastAddItems(body)
	}
	if !fast {
		if inputs, err = a.genericItems(kind, body, schemaName); err != nil {
			return err
		}
	}
	if limit := rs.settings().BatchLimit; add && len(inputs) > limit {
		return Fail(sandbox.StatusBatchLimit, "%d customers sent; this scenario's batch_limit is %d", len(inputs), limit)
	}
	if !add && len(inputs) > 1 {
		return Fail(sandbox.StatusBatchLimit, "%d customers sent; customer/update takes one customer per call", len(inputs))
	}
	for i := range inputs {
		inputs[i].Till = rs.till
	}
	forced, err := a.forceRequest(c, rs, inputs)
	if err != nil {
		return err
	}
	results := make([]sandbox.ItemResult, len(inputs))
	err = a.writeItems(rs, func(st namespace.State, tx sandbox.Tx) error {
		rs.st = st // the state of this transaction (a switch may have come first)
		for i := range inputs {
			in := inputs[i] // a copy: the store may run this function again
			var err error
			if add {
				results[i], err = st.Engine.Add(tx, &in, st.Now, forced[i])
			} else {
				results[i], err = st.Engine.Update(tx, &in, st.Now, forced[i])
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return storeFailure(err, len(inputs))
	}
	rs.explainItems(results)
	rs.codes = rs.codes[:0]
	ok := 0
	for i := range results {
		rs.codes = append(rs.codes, strconv.Itoa(int(results[i].Code)))
		if results[i].Success {
			ok++
		}
	}
	rs.counted(rs.codes, ok, len(results)-ok)
	v := a.viewer(c, rs, false)
	v.update = !add
	a.render(c, rs, http.StatusOK, wire.XMLOpenClose, func(d *wire.Doc) { a.itemsDoc(d, v, rs, inputs, results) })
	return nil
}

// genericItems decodes a body into generic values, checks them against
// the request schema and reads the customers from them.
func (a *API) genericItems(kind, body, schemaName string) ([]sandbox.ItemInput, error) {
	doc, err := decodeKind(kind, body)
	if err != nil {
		return nil, err
	}
	if probs := a.Schemas.Validate(schemaName, doc); len(probs) > 0 {
		return nil, Fail(sandbox.StatusBadInput, "%s", problemDetail(probs[0].Path, probs[0].Message))
	}
	maps, err := customerItems(doc)
	if err != nil {
		return nil, err
	}
	inputs := make([]sandbox.ItemInput, len(maps))
	for i, m := range maps {
		inputs[i] = itemInput(m)
	}
	return inputs, nil
}

// writeItems runs fn in one transaction of the request's namespace; when
// the namespace was dropped meanwhile (a reset of all namespaces), it runs
// it once more in the namespace as it is now.
func (a *API) writeItems(rs *reqState, fn func(namespace.State, sandbox.Tx) error) error {
	for try := 0; ; try++ {
		err := rs.ns.Write(fn)
		if !errors.Is(err, namespace.ErrGone) || try == 1 {
			return err
		}
		rs.ns = nil
		if err := a.open(rs); err != nil {
			return err
		}
	}
}

// itemsDoc writes the add/update response envelope (docs/VENDOR.md, Response).
func (a *API) itemsDoc(d *wire.Doc, v *viewer, rs *reqState, inputs []sandbox.ItemInput, results []sandbox.ItemResult) {
	d.Object("")
	d.Object("response")
	statusBlock(d, len(results), rs.ok, rs.settings().PartialSuccess)
	d.List("customers", "customer")
	for i := range results {
		if r := &results[i]; r.Success {
			addCustomer(d, v, r)
		} else {
			failedItem(d, v, &inputs[i], r)
		}
	}
	d.End()
	d.End()
	d.End()
	d.End()
}

func (a *API) viewer(c echo.Context, rs *reqState, get bool) *viewer {
	s := rs.settings()
	v := &viewer{org: rs.st.Scenario.Org, settings: s, get: get}
	v.userID = strings.EqualFold(c.QueryParam("user_id"), "true") || (!get && s.AddUserID == sandbox.UserIDAlways)
	v.summaries = get && strings.EqualFold(c.QueryParam("points_summary"), "true")
	if get { // on by default (docs/VENDOR.md, customer/get)
		v.omitStore = strings.EqualFold(c.QueryParam("registered_store"), "false")
		v.omitTill = strings.EqualFold(c.QueryParam("registered_till"), "false")
		v.omitFraud = strings.EqualFold(c.QueryParam("fraud_details"), "false")
	}
	v.extendedDate = func(name, val string) string {
		if d, ok := v.org.ExtendedField(name); ok && d.DataType == "DATETIME" && !get && len(val) >= 10 {
			return val[:10] // add/update show DATETIME fields as YYYY-MM-DD (docs/VENDOR.md, Response)
		}
		return val
	}
	return v
}

// errReset marks a request whose connection was closed on purpose.
var errReset = errors.New("connection reset by outcome")

// forceRequest parses the X-Sandbox-Outcome header, has the scenario
// decide the request's forced outcomes (scenario.Scenario.Force), applies
// the request-level part (delay, reset, status) and returns each item's
// part.
func (a *API) forceRequest(c echo.Context, rs *reqState, items []sandbox.ItemInput) ([]sandbox.Outcome, error) {
	req := c.Request()
	header, err := sandbox.ParseOutcome(req.Header.Get(OutcomeHeader))
	if err != nil {
		return nil, Fail(sandbox.StatusBadInput, "header %s: %v", OutcomeHeader, err)
	}
	forced, err := rs.st.Scenario.Force(rs.ns.Counters(), header, &scenario.RuleRequest{Method: req.Method,
		Path: req.URL.Path, Header: req.Header, Till: rs.till, Items: items})
	if err != nil {
		return nil, Fail(sandbox.StatusBadInput, "%v", err)
	}
	if err := a.applyRequestOutcome(c, forced.Request); err != nil {
		return nil, err
	}
	return forced.Items, nil
}

// applyRequestOutcome waits for a forced delay, then closes the connection
// or fails the request when forced to.
func (a *API) applyRequestOutcome(c echo.Context, o sandbox.Outcome) error {
	if o.Delay > 0 {
		if err := sleep(c.Request().Context(), o.Delay); err != nil {
			return err
		}
	}
	if o.Reset {
		conn, _, err := http.NewResponseController(c.Response().Writer).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return errReset
	}
	if o.Status != 0 {
		return &Error{Code: o.Status, Detail: "forced outcome status=" + strconv.Itoa(int(o.Status))}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
