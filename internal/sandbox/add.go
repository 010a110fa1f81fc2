package sandbox

import (
	"strings"
	"time"
)

// Add decides one customer/add item (reference §2.6): validation rows
// V1–V10, matching rows M1–M11, field rows F1–F4. force adds warnings or
// replaces the decision with an item error. The returned error is a store
// failure only; every vendor outcome is in the ItemResult.
func (e *Engine) Add(tx Tx, in *ItemInput, now time.Time, force Outcome) (ItemResult, error) {
	if force.Error != 0 {
		return Fail(force.Error), nil
	}
	r := &itemRun{e: e, tx: tx, in: in, now: now}
	r.ids = e.normaliseIdentifiers(in)
	if code := r.validate(e.Settings.HonourRegisteredOn); code != 0 { // an ignored registered_on is not checked
		return Fail(code), nil
	}
	if err := r.lookup(); err != nil {
		return ItemResult{}, err
	}
	if e.Settings.DuplicatePolicy == "reject" {
		if id, ok := r.firstOwned(); ok {
			return Fail(duplicateCode(id)), nil
		}
	}
	primary := e.Org.Configs.PrimaryKey
	if c := r.owners[primary]; c != nil {
		return r.update(c, primary, false, force)
	}
	d, matched := r.secondaryOwner()
	switch {
	case d == nil:
		return r.create(force)
	case r.ids[primary] == "":
		return r.update(d, matched, false, force) // no primary sent: the secondary names the customer
	case e.Org.Configs.SkipSecondary || e.Settings.SecondaryMatch == "create":
		r.dropOwnedSecondaries() // M6
		return r.create(force)
	case e.Org.Configs.StrictCheck:
		return Fail(e.Settings.StrictCheckCode), nil // M7
	default:
		return r.update(d, matched, true, force) // M8, M9
	}
}

// firstOwned returns the identifier that already belongs to a customer,
// primary first, then by priority.
func (r *itemRun) firstOwned() (Identifier, bool) {
	primary := r.e.Org.Configs.PrimaryKey
	if r.owners[primary] != nil {
		return primary, true
	}
	for _, id := range Identifiers {
		if r.owners[id] != nil {
			return id, true
		}
	}
	return 0, false
}

// secondaryOwner returns the customer owning the highest-priority matching
// secondary identifier (M8/M9).
func (r *itemRun) secondaryOwner() (*Customer, Identifier) {
	for _, id := range Identifiers {
		if id != r.e.Org.Configs.PrimaryKey && r.owners[id] != nil {
			return r.owners[id], id
		}
	}
	return nil, 0
}

// dropOwnedSecondaries removes secondaries that belong to someone else from
// a registration (M6), warning 91007 when the scenario asks (Q19).
func (r *itemRun) dropOwnedSecondaries() {
	for _, id := range Identifiers {
		if id == r.e.Org.Configs.PrimaryKey || r.owners[id] == nil {
			continue
		}
		r.ids[id] = ""
		r.owners[id] = nil
		if r.e.Settings.WarnDroppedSecondary {
			r.warn(WarnOccupied, r.e.Settings.Label(id))
		}
	}
}

// create registers a new customer (M1, M6) after rows V5 and V6.
func (r *itemRun) create(force Outcome) (ItemResult, error) {
	e := r.e
	cfg := &e.Org.Configs
	if r.ids[cfg.PrimaryKey] == "" && !cfg.AllowAnyIdentifier {
		return Fail(RequiredCode(cfg.PrimaryKey)), nil // V5
	}
	if cfg.Card.Enabled && cfg.Card.AsExternalID {
		n, err := r.tx.Sequence("card")
		if err != nil {
			return ItemResult{}, err
		}
		r.ids[ExternalID] = cfg.Card.Generate(n)
	}
	for _, id := range Identifiers {
		if cfg.IdentifierRequired(id) && r.ids[id] == "" {
			return Fail(RequiredCode(id)), nil // V6
		}
	}
	seq, err := r.tx.Sequence("user")
	if err != nil {
		return ItemResult{}, err
	}
	now := e.Org.Format(r.now)
	c := &Customer{UserID: e.Org.UserIDStart + seq - 1, Type: TypeLoyalty, FraudStatus: "NONE",
		RegisteredOn: now, UpdatedOn: now, RegisteredBy: r.in.Till}
	for _, id := range Identifiers {
		c.SetIdentifier(id, r.ids[id])
	}
	if strings.EqualFold(r.in.Type, TypeNonLoyalty) || strings.EqualFold(r.in.Type, "NOT_INTERESTED") {
		c.Type = TypeNonLoyalty
	}
	if r.in.RegisteredOn != "" && e.Settings.HonourRegisteredOn {
		c.RegisteredOn = r.in.RegisteredOn
	}
	r.applyProfile(c)
	var effects []SideEffect
	if c.Type == TypeLoyalty {
		r.enrol(c)
		if effects, err = r.registrationEffects(c); err != nil {
			return ItemResult{}, err
		}
	}
	if err := r.tx.Insert(c, e.keys(c)); err != nil {
		return ItemResult{}, err
	}
	return r.finish(c, true, effects, force), nil
}

// update applies an item to existing customer t (M2–M5, M8–M11). found is
// the identifier that located t; merge marks M8, where the primary sent
// differs from the one t may already have.
func (r *itemRun) update(t *Customer, found Identifier, merge bool, force Outcome) (ItemResult, error) {
	e := r.e
	c := t.Clone()
	if code := r.checkType(c); code != 0 {
		return Fail(code), nil
	}
	oldKeys := e.keys(c)
	primary := e.Org.Configs.PrimaryKey
	for _, id := range Identifiers {
		v := r.ids[id]
		if id == found || v == "" || e.key(id, v) == e.key(id, c.Identifier(id)) {
			continue
		}
		if o := r.owners[id]; o != nil && o.UserID != c.UserID {
			r.warn(WarnOccupied, e.Settings.Label(id)) // M5, M9
			continue
		}
		switch {
		case c.Identifier(id) == "":
			c.SetIdentifier(id, v) // M2: fill an empty slot
		case merge && id == primary:
			r.warn(WarnPrimaryNoUpdate, e.Settings.Label(id)) // M8
		case e.Org.Configs.AllowUpdate(id):
			c.SetIdentifier(id, v) // M4
		default:
			r.warn(WarnUpdateNotAllow, e.Settings.Label(id)) // M3
		}
	}
	r.applyProfile(c)
	if r.keepRegisteredOn {
		c.RegisteredOn = r.in.RegisteredOn
	}
	if err := r.tx.Update(c, oldKeys, e.keys(c)); err != nil {
		return ItemResult{}, err
	}
	return r.finish(c, false, nil, force), nil
}

// checkType applies M10 (loyalty → non-loyalty), M11 (upgrade) and the
// fraud block of Q9 to an existing customer.
func (r *itemRun) checkType(c *Customer) Code {
	e := r.e
	if e.Settings.BlockFraud && (c.FraudStatus == "CONFIRMED" || c.FraudStatus == "RECONFIRMED") {
		return ItemFraud
	}
	switch {
	case c.Type == TypeLoyalty && strings.EqualFold(r.in.Type, TypeNonLoyalty):
		if e.Settings.LoyaltyDowngrade == "fail" {
			return ItemLoyaltyDowngrade
		}
	case c.Type == TypeNonLoyalty && strings.EqualFold(r.in.Type, TypeLoyalty):
		cfg := &e.Org.Configs
		if cfg.EmailRequired && c.Email == "" && r.ids[Email] == "" {
			return ItemUpgradeNeedsEmail
		}
		if cfg.ExternalIDRequired && c.ExternalID == "" && r.ids[ExternalID] == "" {
			return ItemUpgradeNeedsExtID
		}
		c.Type = TypeLoyalty
		r.enrol(c)
	}
	return 0
}
