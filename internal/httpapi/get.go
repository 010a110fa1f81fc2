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
	items := make([]getItem, len(values))
	ok := 0
	for i, val := range values {
		if items[i], err = a.getOne(rs, param, strings.TrimSpace(val), forced[i]); err != nil {
			return err
		}
		if items[i].r.Success {
			ok++
		}
	}
	rs.counted(rs.codes, ok, len(values)-ok)
	rs.explain = strings.Join(rs.itemExplain, "; ")
	org := rs.st.Scenario.Org
	a.render(c, rs, http.StatusOK, wire.XMLSelfClosing, func(d *wire.Doc) {
		d.Object("")
		d.Object("response")
		statusBlock(d, len(values), ok, rs.settings().PartialSuccess)
		d.List("customers", "customer")
		for i := range items {
			it := &items[i]
			switch {
			case it.r.Success:
				getCustomer(d, v, org, &it.r)
			default:
				d.Object("")
				if it.r.Code != sandbox.ItemBadInput {
					d.String(param, it.val)
				}
				itemStatus(d, &it.r)
				d.End()
			}
		}
		d.End()
		d.End()
		d.End()
		d.End()
	})
	return nil
}

// getItem is one queried value's answer: a found customer (r.Success),
// or a failure that echoes the value as queried.
type getItem struct {
	r   sandbox.ItemResult
	val string
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
func (a *API) getOne(rs *reqState, param, val string, force sandbox.Outcome) (getItem, error) {
	fail := func(code sandbox.Code, why string) (getItem, error) {
		rs.codes = append(rs.codes, strconv.Itoa(int(code)))
		rs.itemExplain = append(rs.itemExplain, param+" "+strconv.Quote(val)+": "+why)
		return getItem{r: rs.settings().Fail(code, why), val: val}, nil
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
		return getItem{}, err
	case c == nil:
		return fail(sandbox.ItemNotFound, "no customer has this "+param)
	}
	r := sandbox.ItemResult{Success: true, Code: sandbox.ItemOK, Message: sandbox.MsgRetrieved, Customer: c}
	r.Warnings = append(r.Warnings, force.Warnings...) // get's message carries no warning suffix
	rs.codes = append(rs.codes, "1000")
	return getItem{r: r, val: val}, nil
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

// getCustomer writes a found customer of customer/get (docs/VENDOR.md, customer/get).
func getCustomer(d *wire.Doc, v *viewer, org *sandbox.Org, r *sandbox.ItemResult) {
	c := r.Customer
	l := loyalty(c)
	d.Object("")
	d.String("firstname", c.FirstName)
	d.String("lastname", c.LastName)
	d.Value("mobile", wire.StringOrNull(c.Mobile))
	d.Value("email", wire.StringOrNull(c.Email))
	d.Value("external_id", wire.StringOrNull(c.ExternalID))
	d.Value("lifetime_points", wire.Float(l.LifetimePoints))
	d.Value("lifetime_purchases", wire.Float(l.LifetimePurchases))
	d.Value("loyalty_points", wire.Float(l.LoyaltyPoints))
	d.Value("current_slab", v.slabName(c))
	d.String("registered_on", c.RegisteredOn)
	d.String("updated_on", c.UpdatedOn)
	d.String("type", c.Type)
	d.String("source", v.settings.ResponseSource)
	d.Array("identifiers")
	d.End()
	d.Value("gender", wire.Null()) // null in every current sample, whatever the extended field says
	till, storeCode, storeName := registration(org, c)
	d.String("registered_by", storeName)
	if !v.omitStore {
		d.Object("registered_store")
		d.String("code", storeCode)
		d.String("name", storeName)
		d.End()
	}
	if !v.omitTill {
		d.Object("registered_till")
		d.String("code", till)
		d.String("name", till)
		d.End()
	}
	d.Array("user_groups2")
	d.End()
	if !v.omitFraud {
		d.Object("fraud_details")
		d.String("status", orNone(c.FraudStatus))
		d.String("marked_by", "")
		d.String("modified_on", c.FraudModified)
		d.String("reason", c.FraudReason)
		d.End()
	}
	d.String("trackers", "")
	if v.userID {
		d.String("user_id", strconv.FormatInt(c.UserID, 10))
	}
	d.Value("current_nps_status", wire.Null())
	fields(d, "custom_fields", c.CustomFields, nil)
	fields(d, "extended_fields", c.ExtendedFields, v.extendedDate)
	d.List("transactions", "transaction")
	d.End()
	d.End()
	d.List("coupons", "coupon")
	d.End()
	d.End()
	d.Array("notes")
	d.End()
	v.pointsSummaries(d, c)
	itemStatus(d, r)
	d.End()
}

// registration returns the till the customer was registered at (its name
// is registered_till's code and name), and its store's code and name
// (registered_store; the name is also registered_by); empty strings when
// unknown.
func registration(org *sandbox.Org, c *sandbox.Customer) (till, storeCode, storeName string) {
	till = c.RegisteredTill
	if till == "" {
		till = c.RegisteredBy
	}
	if t, ok := org.TillByName(till); ok {
		storeCode, storeName = t.StoreCode, t.StoreName
	}
	return till, storeCode, storeName
}
