package sandbox

import (
	"errors"
	"strings"
	"time"
)

// Tx is one namespace's customers inside one store transaction. The engine
// reads and writes through it; the store makes each item's reads and writes
// atomic, so identifier uniqueness holds under concurrent requests.
type Tx interface {
	// Find returns the customer whose identifier id has index key key, or
	// nil when there is none.
	Find(id Identifier, key string) (*Customer, error)
	// ByUserID returns the customer with that user id, or nil.
	ByUserID(userID int64) (*Customer, error)
	// Insert stores a new customer under the given identifier keys ("" =
	// none).
	Insert(c *Customer, keys [3]string) error
	// Update stores c over its previous state, moving identifier index
	// entries from oldKeys to newKeys.
	Update(c *Customer, oldKeys, newKeys [3]string) error
	// Sequence returns the next value (1, 2, ...) of a per-namespace
	// counter: "user", "card" or "coupon".
	Sequence(name string) (int64, error)
}

// ErrNotFound is returned by stores for a missing namespace or customer.
var ErrNotFound = errors.New("not found")

// Engine decides customer/add and customer/update items for one org
// (reference §2.6, §5.2). It is safe for concurrent use: it holds no state
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
	labels   []string

	keepRegisteredOn bool // customer/update may change registered_on
}

func (r *itemRun) warn(c Code, label string) {
	for _, w := range r.warnings {
		if w == c {
			return
		}
	}
	r.warnings = append(r.warnings, c)
	r.labels = append(r.labels, label)
}

// Fail returns the failed result for code with its vendor message.
func Fail(code Code) ItemResult {
	return ItemResult{Code: code, Message: ItemMessage(code)}
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
// engine's own, and the message gets one suffix per warning (Q11).
func (r *itemRun) finish(c *Customer, created bool, effects []SideEffect, force Outcome) ItemResult {
	for _, w := range force.Warnings {
		r.warn(w, "")
	}
	msg := MsgUpdated
	if created {
		msg = MsgRegistered
	}
	if r.e.Settings.WarningSuffix {
		for i, w := range r.warnings {
			msg += ", " + WarningText(w, r.labels[i])
		}
	}
	return ItemResult{Success: true, Code: ItemOK, Message: msg, Warnings: r.warnings,
		Customer: c, Created: created, SideEffects: effects}
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

// validate runs rows V1–V4 and V7–V10; it returns 0 when the item passes.
func (r *itemRun) validate(checkRegisteredOn bool) Code {
	e := r.e
	if r.ids == [3]string{} {
		return ItemNoIdentifier
	}
	for _, id := range Identifiers {
		if r.ids[id] == "" {
			continue
		}
		v, ok := e.validIdentifier(id, r.ids[id])
		switch {
		case ok:
			r.ids[id] = v
		case id == e.Org.Configs.PrimaryKey || e.Settings.InvalidSecondary != "drop":
			return invalidCode(id)
		default:
			r.ids[id] = ""
		}
	}
	if r.ids == [3]string{} {
		return ItemNoIdentifier
	}
	if strings.EqualFold(r.in.Type, TypeNonLoyalty) && r.ids[Mobile] == "" && r.ids[Email] == "" {
		return ItemNonLoyaltyIdentifier
	}
	if checkRegisteredOn && r.in.RegisteredOn != "" && !e.checkRegisteredOn(r.in.RegisteredOn, r.now) {
		return ItemRegistrationDate
	}
	if !e.tillKnown(r.in.RegisteredTill) {
		return ItemInvalidTill
	}
	if !e.tillKnown(r.in.AssociatedWith) {
		return ItemInvalidAttribution
	}
	return 0
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
// an add normalises it, or nil.
func (e *Engine) Find(tx Tx, id Identifier, v string) (*Customer, error) {
	v = strings.TrimSpace(v)
	if id == Email {
		v = strings.ToLower(v)
	}
	if v == "" {
		return nil, nil
	}
	return tx.Find(id, e.key(id, v))
}
