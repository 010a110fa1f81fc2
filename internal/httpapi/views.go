package httpapi

import (
	"strconv"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/wire"
)

// This file builds the vendor's documents from stored state, key by key in
// the vendor's order with the vendor's JSON types (docs/VENDOR.md, Response; customer/get).

// statusBlock is response.status of an item-processing response (docs/VENDOR.md, Response).
func statusBlock(total, ok int, partialSuccess bool) wire.Value {
	code, success := sandbox.StatusSuccess, "true"
	switch {
	case ok == 0 && total > 0:
		code, success = sandbox.StatusAllFailed, "false"
	case ok < total:
		code, success = sandbox.StatusPartial, strconv.FormatBool(partialSuccess)
	}
	s := wire.Object(5)
	s.Add("success", wire.String(success)).
		Add("code", wire.Int(int64(code))).
		Add("message", wire.String(sandbox.RequestMessage(code))).
		Add("total", wire.String(strconv.Itoa(total))).
		Add("success_count", wire.String(strconv.Itoa(ok)))
	return s
}

// itemStatus is a customer's item_status (docs/VENDOR.md, Response).
func itemStatus(r *sandbox.ItemResult) wire.Value {
	warnings := make([]wire.Value, len(r.Warnings))
	for i, w := range r.Warnings {
		warnings[i] = wire.String(strconv.Itoa(int(w)))
	}
	s := wire.Object(4)
	s.Add("success", wire.String(strconv.FormatBool(r.Success))).
		Add("code", wire.String(strconv.Itoa(int(r.Code)))).
		Add("message", wire.String(r.Message)).
		Add("warnings", wire.Wrap("warning", wire.Array(warnings...)))
	return s
}

// addCustomer is a successful customer object of add/update (docs/VENDOR.md, Response). A
// blocked identifier change shows the requested value (r.Shown).
func addCustomer(v *viewer, r *sandbox.ItemResult) wire.Value {
	c := r.Customer
	shown := func(id sandbox.Identifier) wire.Value {
		if s := r.Shown[id]; s != "" {
			return wire.String(s)
		}
		return wire.StringOrNull(c.Identifier(id))
	}
	o := wire.Object(24)
	if v.userID {
		o.Add("user_id", wire.Int(c.UserID))
	}
	o.Add("firstname", wire.String(c.FirstName)).
		Add("lastname", wire.String(c.LastName)).
		Add("mobile", shown(sandbox.Mobile)).
		Add("email", shown(sandbox.Email)).
		Add("external_id", shown(sandbox.ExternalID)).
		Add("lifetime_points", wire.Float(loyalty(c).LifetimePoints)).
		Add("loyalty_points", wire.Float(loyalty(c).LoyaltyPoints)).
		Add("current_slab", v.slabName(c)).
		Add("tier_expiry_date", tierExpiry(c)).
		Add("points_summaries", v.pointsSummaries(c)).
		Add("lifetime_purchases", wire.Float(loyalty(c).LifetimePurchases)).
		Add("registered_on", wire.String(c.RegisteredOn)).
		Add("updated_on", wire.String(c.UpdatedOn)).
		Add("type", wire.String(c.Type)).
		Add("source", wire.String(v.settings.ResponseSource))
	if v.settings.ShowsFraudStatus(c) {
		o.Add("fraud_status", wire.String(orNone(c.FraudStatus)))
		if !v.update { // the update sample has no reason
			o.Add("reason", wire.String(c.FraudReason))
		}
	}
	o.Add("custom_fields", fields(c.CustomFields, nil)).
		Add("extended_fields", fields(c.ExtendedFields, v.extendedDate)).
		Add("subscriptions", subscriptions(c.Subscriptions, &v.settings.SubscriptionOrder)).
		Add("side_effects", wire.Wrap("effect", sideEffects(r.SideEffects))).
		Add("item_status", itemStatus(r))
	return o
}

// failedItem is a failed add/update item: the identifiers as submitted and
// the item status (docs/VENDOR.md, Response); {} for an add with failed_add_item: empty.
func failedItem(v *viewer, in *sandbox.ItemInput, r *sandbox.ItemResult) wire.Value {
	if !v.update && v.settings.FailedAddItem == sandbox.FailedItemEmpty {
		return wire.Object(0)
	}
	o := wire.Object(4)
	o.Add("mobile", wire.String(in.Mobile)).
		Add("email", wire.String(in.Email)).
		Add("external_id", wire.String(in.ExternalID)).
		Add("item_status", itemStatus(r))
	return o
}

var noLoyalty sandbox.Loyalty

func loyalty(c *sandbox.Customer) *sandbox.Loyalty {
	if c.Loyalty == nil {
		return &noLoyalty
	}
	return c.Loyalty
}

func orNone(s string) string {
	if s == "" {
		return "NONE"
	}
	return s
}

func tierExpiry(c *sandbox.Customer) wire.Value {
	if c.Loyalty == nil {
		return wire.Null()
	}
	return wire.String(c.Loyalty.TierExpiry)
}

// viewer carries what rendering a customer needs from the request and the
// namespace's scenario.
type viewer struct {
	org          *sandbox.Org
	settings     *sandbox.Settings
	userID       bool                        // include user_id
	get          bool                        // a customer/get response
	update       bool                        // a customer/update response
	summaries    bool                        // customer/get with points_summary=true
	extendedDate func(name, v string) string // DATETIME extended field display
	// customer/get parts turned off: registered_store=false,
	// registered_till=false, fraud_details=false
	omitStore, omitTill, omitFraud bool
}

func (v *viewer) slabName(c *sandbox.Customer) wire.Value {
	if c.Loyalty == nil || v.org.Program == nil {
		return wire.Null()
	}
	cur, _, _ := v.org.Program.SlabInfo(c.Loyalty.Slab)
	return wire.String(cur.Name)
}

// pointsSummaries is points_summaries: one all-string entry for the
// customer's program, or an empty list when not enrolled (docs/VENDOR.md, Response) and in a
// customer/get not asked for points_summary=true (docs/VENDOR.md, customer/get).
func (v *viewer) pointsSummaries(c *sandbox.Customer) wire.Value {
	if c.Loyalty == nil || v.org.Program == nil || (v.get && !v.summaries) {
		return wire.Wrap("points_summary", wire.Array())
	}
	l := c.Loyalty
	cur, next, nextNo := v.org.Program.SlabInfo(l.Slab)
	num := func(f float64) wire.Value { return wire.String(strconv.FormatFloat(f, 'f', -1, 64)) }
	p := wire.Object(15)
	p.Add("programId", wire.String(l.ProgramID)).
		Add("redeemed", num(l.Redeemed)).
		Add("expired", num(l.Expired)).
		Add("returned", num(l.Returned)).
		Add("adjusted", num(l.Adjusted)).
		Add("lifetimePoints", num(l.LifetimePoints)).
		Add("loyaltyPoints", num(l.LoyaltyPoints)).
		Add("cumulativePurchases", num(l.LifetimePurchases)).
		Add("currentSlab", wire.String(cur.Name)).
		Add("nextSlab", wire.String(next.Name)).
		Add("nextSlabSerialNumber", wire.String(strconv.Itoa(nextNo))).
		Add("nextSlabDescription", wire.String(next.Description)).
		Add("slabSNo", wire.String(strconv.Itoa(l.Slab))).
		Add("slabExpiryDate", wire.String(l.TierExpiry)).
		Add("totalPoints", wire.String(""))
	return wire.Wrap("points_summary", wire.Array(p))
}

// fields is custom_fields / extended_fields: {field:[{name,value}]}. The
// entries' members share one array (two allocations for the list, not one
// per field).
func fields(fs []sandbox.Field, display func(name, v string) string) wire.Value {
	items := make([]wire.Value, len(fs))
	members := make([]wire.Value, 2*len(fs))
	for i, f := range fs {
		val := f.Value
		if display != nil {
			val = display(f.Name, val)
		}
		m := members[2*i : 2*i+2 : 2*i+2]
		m[0], m[1] = wire.String(f.Name), wire.String(val)
		m[0].Key, m[1].Key = "name", "value"
		items[i] = wire.Value{Kind: wire.KindObject, Items: m}
	}
	return wire.Wrap("field", wire.Array(items...))
}

// subscriptions is {subscription:[…]}: empty until any is stored, then the
// four channel × priority entries in the scenario's order (docs/VENDOR.md, Response).
func subscriptions(subs []sandbox.Subscription, order *[4][2]string) wire.Value {
	items := make([]wire.Value, 0, len(subs))
	for _, s := range sortedSubscriptions(subs, order) {
		o := wire.Object(4)
		o.Add("channel", wire.String(s.Channel)).
			Add("priority", wire.String(s.Priority)).
			Add("scope", wire.String("ALL")).
			Add("status", wire.String(s.Status))
		items = append(items, o)
	}
	return wire.Wrap("subscription", wire.Array(items...))
}

// sortedSubscriptions returns subs in order; entries order does not name
// keep their stored place after the named ones.
func sortedSubscriptions(subs []sandbox.Subscription, order *[4][2]string) []sandbox.Subscription {
	out := make([]sandbox.Subscription, 0, len(subs))
	used := make([]bool, len(subs))
	for _, cp := range order {
		for i, s := range subs {
			if !used[i] && s.Channel == cp[0] && s.Priority == cp[1] {
				out, used[i] = append(out, s), true
			}
		}
	}
	for i, s := range subs {
		if !used[i] {
			out = append(out, s)
		}
	}
	return out
}

// sideEffects renders side_effects.effect entries in the shapes of
// docs/VENDOR.md, Response, and
// the seed's samples.
func sideEffects(effects []sandbox.SideEffect) wire.Value {
	items := make([]wire.Value, 0, len(effects))
	for _, e := range effects {
		o := wire.Object(6)
		switch e.Kind {
		case "points":
			o.Add("awarded_points", wire.Float(e.AwardedPoints)).
				Add("total_points", wire.Float(e.TotalPoints))
		case "coupon":
			o.Add("id", wire.Int(e.CouponID)).
				Add("coupon_type", wire.String(e.CouponType)).
				Add("coupon_code", wire.String(e.CouponCode)).
				Add("valid_till", wire.String(e.ValidTill)).
				Add("description", wire.String(e.CouponDesc))
		case "alternate_currency":
			o.Add("alternate_currency_identifier", wire.String(e.CurrencyID)).
				Add("alternate_currency_name", wire.String(e.CurrencyName)).
				Add("awarded_value", wire.String(e.CurrencyValue))
		case "slab":
			o.Add("previous_slab_name", wire.String(e.PrevSlab)).
				Add("previous_slab_number", wire.String(strconv.Itoa(e.PrevSlabNo))).
				Add("upgraded_slab_name", wire.String(e.NewSlab)).
				Add("upgraded_slab_number", wire.String(strconv.Itoa(e.NewSlabNo)))
		}
		o.Add("type", wire.String(e.Kind))
		items = append(items, o)
	}
	return wire.Array(items...)
}
