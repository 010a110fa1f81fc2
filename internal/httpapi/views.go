package httpapi

import (
	"strconv"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/wire"
)

// This file builds the vendor's documents from stored state, key by key in
// the vendor's order with the vendor's JSON types (docs/VENDOR.md, Response; customer/get).

// The documents are written member by member into a wire.Doc: straight
// to JSON, or into a tree for XML.

// statusBlock is response.status of an item-processing response (docs/VENDOR.md, Response).
func statusBlock(d *wire.Doc, total, ok int, partialSuccess bool) {
	code, success := sandbox.StatusSuccess, "true"
	switch {
	case ok == 0 && total > 0:
		code, success = sandbox.StatusAllFailed, "false"
	case ok < total:
		code, success = sandbox.StatusPartial, strconv.FormatBool(partialSuccess)
	}
	d.Object("status")
	d.String("success", success)
	d.Value("code", wire.Int(int64(code)))
	d.String("message", sandbox.RequestMessage(code))
	d.String("total", strconv.Itoa(total))
	d.String("success_count", strconv.Itoa(ok))
	d.End()
}

// itemStatus is a customer's item_status (docs/VENDOR.md, Response).
func itemStatus(d *wire.Doc, r *sandbox.ItemResult) {
	d.Object("item_status")
	d.String("success", strconv.FormatBool(r.Success))
	d.String("code", strconv.Itoa(int(r.Code)))
	d.String("message", r.Message)
	d.List("warnings", "warning")
	for _, w := range r.Warnings {
		d.String("", strconv.Itoa(int(w)))
	}
	d.End()
	d.End()
	d.End()
}

// addCustomer is a successful customer object of add/update (docs/VENDOR.md, Response). A
// blocked identifier change shows the requested value (r.Shown).
func addCustomer(d *wire.Doc, v *viewer, r *sandbox.ItemResult) {
	c := r.Customer
	shown := func(id sandbox.Identifier) wire.Value {
		if s := r.Shown[id]; s != "" {
			return wire.String(s)
		}
		return wire.StringOrNull(c.Identifier(id))
	}
	d.Object("")
	if v.userID {
		d.Value("user_id", wire.Int(c.UserID))
	}
	d.String("firstname", c.FirstName)
	d.String("lastname", c.LastName)
	d.Value("mobile", shown(sandbox.Mobile))
	d.Value("email", shown(sandbox.Email))
	d.Value("external_id", shown(sandbox.ExternalID))
	d.Value("lifetime_points", wire.Float(loyalty(c).LifetimePoints))
	d.Value("loyalty_points", wire.Float(loyalty(c).LoyaltyPoints))
	d.Value("current_slab", v.slabName(c))
	d.Value("tier_expiry_date", tierExpiry(c))
	v.pointsSummaries(d, c)
	d.Value("lifetime_purchases", wire.Float(loyalty(c).LifetimePurchases))
	d.String("registered_on", c.RegisteredOn)
	d.String("updated_on", c.UpdatedOn)
	d.String("type", c.Type)
	d.String("source", v.settings.ResponseSource)
	if v.settings.ShowsFraudStatus(c) {
		d.String("fraud_status", orNone(c.FraudStatus))
		if !v.update { // the update sample has no reason
			d.String("reason", c.FraudReason)
		}
	}
	fields(d, "custom_fields", c.CustomFields, nil)
	fields(d, "extended_fields", c.ExtendedFields, v.extendedDate)
	subscriptions(d, c.Subscriptions, &v.settings.SubscriptionOrder)
	d.List("side_effects", "effect")
	sideEffects(d, r.SideEffects)
	d.End()
	d.End()
	itemStatus(d, r)
	d.End()
}

// failedItem is a failed add/update item: the identifiers as submitted and
// the item status (docs/VENDOR.md, Response); {} for an add with failed_add_item: empty.
func failedItem(d *wire.Doc, v *viewer, in *sandbox.ItemInput, r *sandbox.ItemResult) {
	d.Object("")
	if v.update || v.settings.FailedAddItem != sandbox.FailedItemEmpty {
		d.String("mobile", in.Mobile)
		d.String("email", in.Email)
		d.String("external_id", in.ExternalID)
		itemStatus(d, r)
	}
	d.End()
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
func (v *viewer) pointsSummaries(d *wire.Doc, c *sandbox.Customer) {
	d.List("points_summaries", "points_summary")
	if c.Loyalty != nil && v.org.Program != nil && (!v.get || v.summaries) {
		v.pointsSummary(d, c.Loyalty)
	}
	d.End()
	d.End()
}

func (v *viewer) pointsSummary(d *wire.Doc, l *sandbox.Loyalty) {
	cur, next, nextNo := v.org.Program.SlabInfo(l.Slab)
	num := func(key string, f float64) { d.String(key, strconv.FormatFloat(f, 'f', -1, 64)) }
	d.Object("")
	d.String("programId", l.ProgramID)
	num("redeemed", l.Redeemed)
	num("expired", l.Expired)
	num("returned", l.Returned)
	num("adjusted", l.Adjusted)
	num("lifetimePoints", l.LifetimePoints)
	num("loyaltyPoints", l.LoyaltyPoints)
	num("cumulativePurchases", l.LifetimePurchases)
	d.String("currentSlab", cur.Name)
	d.String("nextSlab", next.Name)
	d.String("nextSlabSerialNumber", strconv.Itoa(nextNo))
	d.String("nextSlabDescription", next.Description)
	d.String("slabSNo", strconv.Itoa(l.Slab))
	d.String("slabExpiryDate", l.TierExpiry)
	d.String("totalPoints", "")
	d.End()
}

// fields is custom_fields / extended_fields: {field:[{name,value}]}.
func fields(d *wire.Doc, key string, fs []sandbox.Field, display func(name, v string) string) {
	d.List(key, "field")
	for _, f := range fs {
		val := f.Value
		if display != nil {
			val = display(f.Name, val)
		}
		d.Object("")
		d.String("name", f.Name)
		d.String("value", val)
		d.End()
	}
	d.End()
	d.End()
}

// subscriptions is {subscription:[…]}: empty until any is stored, then the
// four channel × priority entries in the scenario's order (docs/VENDOR.md, Response).
func subscriptions(d *wire.Doc, subs []sandbox.Subscription, order *[4][2]string) {
	d.List("subscriptions", "subscription")
	for _, s := range sortedSubscriptions(subs, order) {
		d.Object("")
		d.String("channel", s.Channel)
		d.String("priority", s.Priority)
		d.String("scope", "ALL")
		d.String("status", s.Status)
		d.End()
	}
	d.End()
	d.End()
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

// sideEffects writes the side_effects.effect entries in the shapes of
// docs/VENDOR.md, Response, and the seed's samples.
func sideEffects(d *wire.Doc, effects []sandbox.SideEffect) {
	for _, e := range effects {
		d.Object("")
		switch e.Kind {
		case "points":
			d.Value("awarded_points", wire.Float(e.AwardedPoints))
			d.Value("total_points", wire.Float(e.TotalPoints))
		case "coupon":
			d.Value("id", wire.Int(e.CouponID))
			d.String("coupon_type", e.CouponType)
			d.String("coupon_code", e.CouponCode)
			d.String("valid_till", e.ValidTill)
			d.String("description", e.CouponDesc)
		case "alternate_currency":
			d.String("alternate_currency_identifier", e.CurrencyID)
			d.String("alternate_currency_name", e.CurrencyName)
			d.String("awarded_value", e.CurrencyValue)
		case "slab":
			d.String("previous_slab_name", e.PrevSlab)
			d.String("previous_slab_number", strconv.Itoa(e.PrevSlabNo))
			d.String("upgraded_slab_name", e.NewSlab)
			d.String("upgraded_slab_number", strconv.Itoa(e.NewSlabNo))
		}
		d.String("type", e.Kind)
		d.End()
	}
}
