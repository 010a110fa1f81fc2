package sandbox

import (
	"fmt"
	"strings"
	"time"
)

// Engine decides customer/add and customer/update items for one org
// (docs/VENDOR.md: Decision table, customer/update). It is safe for
// concurrent use: it holds no state
// beyond its configuration.
type Engine struct {
	Org      *Org
	Settings *Settings
	Seed     int64 // seeds generated coupon codes
}

// ItemInput is one submitted customer of an add or update request, with
// every value as a string the way the vendor reads it ("" = not passed).
type ItemInput struct {
	Mobile, Email, ExternalID string
	ID                        string // user id, update only
	Till                      string // the authenticated till sending the item
	FirstName, LastName       string
	RegisteredOn, UpdatedOn   string
	RegisteredTill            string
	AssociatedWith            string
	Type                      string
	FraudStatus               string
	CustomFields              []Field
	ExtendedFields            []Field
	Subscriptions             []SubscriptionInput
}

// SubscriptionInput is one submitted subscription entry.
type SubscriptionInput struct {
	Channel, Priority, Scope, IsSubscribed string
}

// ItemResult is the decision for one item: success with the stored
// customer, or failure with its code.
type ItemResult struct {
	Success     bool
	Code        Code
	Message     string // with warning suffixes
	Warnings    []Code
	Customer    *Customer // stored state after the item; nil on failure
	Created     bool
	SideEffects []SideEffect
	// Shown holds identifier values the response shows instead of the
	// stored ones: the requested value of a blocked change (91006).
	Shown [3]string
	// Explain is the sandbox's explanation of a failure or warning, for
	// the X-Sandbox-Explain header; never part of a vendor message.
	Explain string
}

// itemRun carries one item through the decision table.
type itemRun struct {
	e        *Engine
	tx       Tx
	in       *ItemInput
	now      time.Time
	ids      [3]string
	owners   [3]*Customer
	warnings []Code
	args     [][2]string // per warning: {x} and {y}
	shown    [3]string
	update   bool // customer/update, not add
	explain  []string
}

func (r *itemRun) warn(c Code, label, value string) {
	for _, w := range r.warnings {
		if w == c {
			return
		}
	}
	r.warnings = append(r.warnings, c)
	r.args = append(r.args, [2]string{label, value})
}

// because records an explanation of a warning or a decision.
func (r *itemRun) because(format string, args ...any) {
	r.explain = append(r.explain, fmt.Sprintf(format, args...))
}

// fail returns the failed result for code with its vendor message.
func (r *itemRun) fail(code Code, format string, args ...any) ItemResult {
	return r.e.Settings.Fail(code, fmt.Sprintf(format, args...))
}

// key returns the index key of an identifier value: external ids fold case
// when the scenario says they are case-insensitive (Q18).
func (e *Engine) key(id Identifier, v string) string {
	if id == ExternalID && !e.Settings.ExternalIDCaseSensitive {
		return strings.ToLower(v)
	}
	return v
}

func (e *Engine) keys(c *Customer) [3]string {
	var k [3]string
	for _, id := range Identifiers {
		if v := c.Identifier(id); v != "" {
			k[id] = e.key(id, v)
		}
	}
	return k
}

// finish turns a successful run into its result: forced warnings join the
// engine's own, and the message gets one suffix per warning on add (and on
// update when the scenario asks).
func (r *itemRun) finish(c *Customer, created bool, effects []SideEffect, force Outcome) ItemResult {
	for _, w := range force.Warnings {
		label, value := r.forcedArgs(w)
		r.warn(w, label, value)
		r.because("forced warning=%d", w)
	}
	s := r.e.Settings
	msg := MsgUpdated
	if created {
		msg = MsgRegistered
	}
	if (!r.update && s.WarningSuffix) || (r.update && s.UpdateWarningSuffix) {
		for i, w := range r.warnings {
			msg += ", " + s.MessageTexts.Warning(w, r.args[i][0], r.args[i][1])
		}
	}
	return ItemResult{Success: true, Code: ItemOK, Message: msg, Warnings: r.warnings, Customer: c,
		Created: created, SideEffects: effects, Shown: r.shown, Explain: strings.Join(r.explain, "; ")}
}

// forcedArgs fills the placeholders of a forced warning from the item: the
// primary identifier's label and value, or the first extended field sent.
func (r *itemRun) forcedArgs(w Code) (label, value string) {
	switch w {
	case WarnPrimaryNoUpdate, WarnUpdateNotAllow, WarnOccupied:
		p := r.e.Org.Configs.PrimaryKey
		return r.e.Settings.Label(p), r.ids[p]
	case WarnExtendedField:
		if len(r.in.ExtendedFields) > 0 {
			return r.in.ExtendedFields[0].Name, ""
		}
	}
	return "", ""
}

// lookup fills owners with the existing customer of each supplied
// identifier.
func (r *itemRun) lookup() error {
	for _, id := range Identifiers {
		if r.ids[id] == "" {
			continue
		}
		c, err := r.tx.Find(id, r.e.key(id, r.ids[id]))
		if err != nil {
			return err
		}
		r.owners[id] = c
	}
	return nil
}

// validate runs rows V1–V4 and V7; ok is false when the item fails.
func (r *itemRun) validate() (ItemResult, bool) {
	e := r.e
	if r.ids == [3]string{} {
		return r.fail(ItemNoIdentifier, "the customer has no mobile, email or external_id"), false
	}
	for _, id := range Identifiers {
		if r.ids[id] == "" {
			continue
		}
		v, ok := e.validIdentifier(id, r.ids[id])
		switch {
		case ok:
			r.ids[id] = v
		case id == e.Org.Configs.PrimaryKey || e.Settings.InvalidSecondary != SecondaryDrop:
			return r.fail(invalidCode(id), "%s", e.invalidReason(id, r.ids[id])), false
		default:
			r.because("%s; dropped (invalid_secondary: drop)", e.invalidReason(id, r.ids[id]))
			r.ids[id] = ""
		}
	}
	if r.ids == [3]string{} {
		return r.fail(ItemNoIdentifier, "no valid mobile, email or external_id is left"), false
	}
	if !r.update && strings.EqualFold(r.in.Type, TypeNonLoyalty) && r.ids[Mobile] == "" && r.ids[Email] == "" {
		return r.fail(ItemNonLoyaltyIdentifier, "type NON_LOYALTY needs a mobile or an email"), false
	}
	return ItemResult{}, true
}

// checkDetails runs rows V8 (when registered_on is applied), V9 and V10.
func (r *itemRun) checkDetails(applyRegisteredOn bool) (ItemResult, bool) {
	if on := r.in.RegisteredOn; applyRegisteredOn && on != "" {
		if why := r.e.registeredOnProblem(on, r.now); why != "" {
			return r.fail(ItemRegistrationDate, "registered_on %q %s", on, why), false
		}
	}
	if !r.e.tillKnown(r.in.RegisteredTill) {
		return r.fail(ItemInvalidTill, "registered_till %q is not a till of the org", r.in.RegisteredTill), false
	}
	if !r.e.tillKnown(r.in.AssociatedWith) {
		return r.fail(ItemInvalidAttribution, "associated_with %q is not a till of the org", r.in.AssociatedWith), false
	}
	return ItemResult{}, true
}

func invalidCode(id Identifier) Code {
	switch id {
	case Mobile:
		return ItemInvalidMobile
	case Email:
		return ItemInvalidEmail
	default:
		return ItemInvalidExternalID
	}
}

// duplicateCode is the reject-policy code for an identifier that exists.
func duplicateCode(id Identifier) Code {
	switch id {
	case Mobile:
		return ItemMobileExists
	case Email:
		return ItemEmailExists
	default:
		return ItemExternalIDExists
	}
}

// Find returns the customer holding identifier value v, normalised the way
// an add normalises it (trimmed, the email lower-cased, a mobile given the
// base country code when the org passes it), or nil. A value an add would
// refuse is looked up as given.
func (e *Engine) Find(tx Tx, id Identifier, v string) (*Customer, error) {
	v = strings.TrimSpace(v)
	switch id {
	case Email:
		v = strings.ToLower(v)
	case Mobile:
		if m, ok := e.validMobile(v); ok {
			v = m
		}
	}
	if v == "" {
		return nil, nil
	}
	return tx.Find(id, e.key(id, v))
}
