package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/wire"
	"github.com/labstack/echo/v4"
)

// getParams are the identifier parameters of customer/get, in the order
// the first one present is used (docs/VENDOR.md, customer/get).
var getParams = []string{"mobile", "email", "external_id", "id", "card_number", "card_external_id"}

// get serves GET /v1.1/customer/get: one item per comma-separated value
// of the first identifier parameter; a value with no customer is item 1012
// (docs/VENDOR.md, customer/get).
func (a *API) get(c echo.Context) error {
	rs := a.state(c)
	param, raw := "", ""
	for _, p := range getParams {
		if v := c.QueryParam(p); v != "" {
			param, raw = p, v
			break
		}
	}
	if param == "" {
		return &Error{Code: sandbox.StatusBadInput, Text: sandbox.MsgGetNoIdentifier,
			Detail: "one of " + strings.Join(getParams, ", ") + " is required"}
	}
	values := strings.Split(raw, ",")
	if limit := rs.settings().BatchLimit; len(values) > limit {
		return Fail(sandbox.StatusBatchLimit, "%d values sent; this scenario's batch_limit is %d", len(values), limit)
	}
	inputs := make([]sandbox.ItemInput, len(values))
	for i, v := range values {
		inputs[i] = getInput(param, strings.TrimSpace(v))
	}
	forced, err := a.forceRequest(c, rs, inputs)
	if err != nil {
		return err
	}
	v := a.viewer(c, rs, true)
	items := make([]wire.Value, len(values))
	ok := 0
	for i, val := range values {
		item, found, err := a.getOne(rs, v, param, strings.TrimSpace(val), forced[i])
		if err != nil {
			return err
		}
		if found {
			ok++
		}
		items[i] = item
	}
	resp := wire.Object(2)
	resp.Add("status", statusBlock(len(values), ok, rs.settings().PartialSuccess)).
		Add("customers", wire.Wrap("customer", wire.Array(items...)))
	rs.counted(rs.codes, ok, len(values)-ok)
	rs.explain = strings.Join(rs.itemExplain, "; ")
	a.writeStyled(c, rs, http.StatusOK, wire.Wrap("response", resp), wire.XMLSelfClosing)
	return nil
}

// getInput presents a queried value as an item, so outcome rules can match
// it like an add's identifiers.
func getInput(param, v string) sandbox.ItemInput {
	switch param {
	case "mobile":
		return sandbox.ItemInput{Mobile: v}
	case "email":
		return sandbox.ItemInput{Email: v}
	case "id":
		return sandbox.ItemInput{ID: v}
	}
	return sandbox.ItemInput{ExternalID: v}
}

// getOne looks up one queried value, normalised as customer/add
// normalises it. A not-found or forced failure echoes the value as
// queried; an invalid value's item carries only item_status.
func (a *API) getOne(rs *reqState, v *viewer, param, val string, force sandbox.Outcome) (wire.Value, bool, error) {
	fail := func(code sandbox.Code, why string) (wire.Value, bool, error) {
		r := rs.settings().Fail(code, why)
		rs.codes = append(rs.codes, strconv.Itoa(int(code)))
		rs.itemExplain = append(rs.itemExplain, param+" "+strconv.Quote(val)+": "+why)
		o := wire.Object(2)
		if code != sandbox.ItemBadInput {
			o.Add(param, wire.String(val))
		}
		o.Add("item_status", itemStatus(&r))
		return o, false, nil
	}
	if force.Error != 0 {
		return fail(force.Error, "forced error="+force.Error.String())
	}
	if val == "" || (param == "id" && !isDigits(val)) {
		return fail(sandbox.ItemBadInput, "not a valid "+param)
	}
	var c *sandbox.Customer
	err := rs.ns.View(func(tx sandbox.Tx) error {
		var err error
		switch param {
		case "id":
			n, _ := strconv.ParseInt(val, 10, 64)
			c, err = tx.ByUserID(n)
		case "mobile":
			c, err = rs.st.Engine.Find(tx, sandbox.Mobile, val)
		case "email":
			c, err = rs.st.Engine.Find(tx, sandbox.Email, val)
		default:
			c, err = rs.st.Engine.Find(tx, sandbox.ExternalID, val)
		}
		return err
	})
	switch {
	case err != nil:
		return wire.Value{}, false, err
	case c == nil:
		return fail(sandbox.ItemNotFound, "no customer has this "+param)
	}
	r := sandbox.ItemResult{Success: true, Code: sandbox.ItemOK, Message: sandbox.MsgRetrieved, Customer: c}
	r.Warnings = append(r.Warnings, force.Warnings...) // get's message carries no warning suffix
	rs.codes = append(rs.codes, "1000")
	return getCustomer(v, rs.st.Scenario.Org, &r), true, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// getCustomer is a found customer of customer/get (docs/VENDOR.md, customer/get).
func getCustomer(v *viewer, org *sandbox.Org, r *sandbox.ItemResult) wire.Value {
	c := r.Customer
	l := loyalty(c)
	o := wire.Object(32)
	o.Add("firstname", wire.String(c.FirstName)).
		Add("lastname", wire.String(c.LastName)).
		Add("mobile", wire.StringOrNull(c.Mobile)).
		Add("email", wire.StringOrNull(c.Email)).
		Add("external_id", wire.StringOrNull(c.ExternalID)).
		Add("lifetime_points", wire.Float(l.LifetimePoints)).
		Add("lifetime_purchases", wire.Float(l.LifetimePurchases)).
		Add("loyalty_points", wire.Float(l.LoyaltyPoints)).
		Add("current_slab", v.slabName(c)).
		Add("registered_on", wire.String(c.RegisteredOn)).
		Add("updated_on", wire.String(c.UpdatedOn)).
		Add("type", wire.String(c.Type)).
		Add("source", wire.String(v.settings.ResponseSource)).
		Add("identifiers", wire.Array()).
		Add("gender", wire.Null()) // null in every current sample, whatever the extended field says
	till, store, storeName := registration(org, c)
	o.Add("registered_by", wire.String(storeName))
	if !v.omitStore {
		o.Add("registered_store", store)
	}
	if !v.omitTill {
		o.Add("registered_till", till)
	}
	o.Add("user_groups2", wire.Array())
	if !v.omitFraud {
		fraud := wire.Object(4)
		fraud.Add("status", wire.String(orNone(c.FraudStatus))).
			Add("marked_by", wire.String("")).
			Add("modified_on", wire.String(c.FraudModified)).
			Add("reason", wire.String(c.FraudReason))
		o.Add("fraud_details", fraud)
	}
	o.Add("trackers", wire.String(""))
	if v.userID {
		o.Add("user_id", wire.String(strconv.FormatInt(c.UserID, 10)))
	}
	o.Add("current_nps_status", wire.Null()).
		Add("custom_fields", fields(c.CustomFields, nil)).
		Add("extended_fields", fields(c.ExtendedFields, v.extendedDate)).
		Add("transactions", wire.Wrap("transaction", wire.Array())).
		Add("coupons", wire.Wrap("coupon", wire.Array())).
		Add("notes", wire.Array()).
		Add("points_summaries", v.pointsSummaries(c)).
		Add("item_status", itemStatus(r))
	return o
}

// registration returns registered_till and registered_store: {code, name}
// of the till the customer was registered at (empty strings when
// unknown), and the store's name, which registered_by shows.
func registration(org *sandbox.Org, c *sandbox.Customer) (till, store wire.Value, storeName string) {
	tillName := c.RegisteredTill
	if tillName == "" {
		tillName = c.RegisteredBy
	}
	code, name := "", ""
	if t, ok := org.TillByName(tillName); ok {
		code, name = t.StoreCode, t.StoreName
	}
	till, store = wire.Object(2), wire.Object(2)
	till.Add("code", wire.String(tillName)).Add("name", wire.String(tillName))
	store.Add("code", wire.String(code)).Add("name", wire.String(name))
	return till, store, name
}
