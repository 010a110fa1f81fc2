package sandbox

import (
	"strings"
	"time"
)

// Add decides one customer/add item (docs/VENDOR.md, Decision table): validation rows
// V1–V10, matching rows M1–M11, field rows F1–F4. force adds warnings or
// replaces the decision with an item error. The returned error is a store
// failure only; every vendor outcome is in the ItemResult.
func (e *Engine) Add(tx Tx, in *ItemInput, now time.Time, force Outcome) (ItemResult, error) {
	if force.Error != 0 {
		return e.Settings.Fail(force.Error, "forced error="+force.Error.String()), nil
	}
	r := &itemRun{e: e, tx: tx, in: in, now: now}
	r.ids = e.normaliseIdentifiers(in)
	if res, ok := r.validate(); !ok {
		return res, nil
	}
	if err := r.lookup(); err != nil {
		return ItemResult{}, err
	}
	p := r.plan()
	if res, ok := r.checkDetails(r.appliesRegisteredOn(p.kind)); !ok {
		return res, nil
	}
	if e.Settings.DuplicatePolicy == DuplicateReject {
		if id, ok := r.firstOwned(); ok {
			return r.fail(duplicateCode(id), "%s %s already belongs to customer %d (duplicate_policy: reject)",
				id.Key(), r.ids[id], r.owners[id].UserID), nil
		}
	}
	switch p.kind {
	case planCreateDrop:
		r.dropOwnedSecondaries() // M6
		return r.create(force)
	case planStrict:
		return r.fail(e.Settings.StrictCheckCode, "%s belongs to customer %d but %s %s to no one (CONF_PRIMARY_IDENTIFIER_STRICT_CHECK=1)",
			p.found.Key(), p.target.UserID, e.Org.Configs.PrimaryKey.Key(), r.ids[e.Org.Configs.PrimaryKey]), nil // M7
	case planUpdate:
		return r.updateCustomer(p.target, p.found, p.merge, force)
	}
	return r.create(force)
}

// planKind is the matching row an item falls in.
type planKind int

const (
	planCreate     planKind = iota // M1
	planCreateDrop                 // M6: create, dropping owned secondaries
	planStrict                     // M7
	planUpdate                     // M2–M5, M8–M11
)

// plan is an item's matching decision: which row, and for an update the
// customer and the identifier that found it.
type plan struct {
	kind   planKind
	target *Customer
	found  Identifier
	merge  bool // M8: the primary sent differs from the one target may have
}

// plan picks the matching row from the looked-up owners.
func (r *itemRun) plan() plan {
	e := r.e
	primary := e.Org.Configs.PrimaryKey
	if c := r.owners[primary]; c != nil {
		return plan{kind: planUpdate, target: c, found: primary}
	}
	d, matched := r.secondaryOwner()
	switch {
	case d == nil:
		return plan{kind: planCreate}
	case r.ids[primary] == "":
		return plan{kind: planUpdate, target: d, found: matched} // no primary sent: the secondary names the customer
	case e.Org.Configs.SkipSecondary || e.Settings.SecondaryMatch == MatchCreate:
		return plan{kind: planCreateDrop}
	case e.Org.Configs.StrictCheck:
		return plan{kind: planStrict, target: d, found: matched}
	}
	return plan{kind: planUpdate, target: d, found: matched, merge: true} // M8, M9
}

// appliesRegisteredOn reports whether a client registered_on is applied
// (and so checked, V8) for an item of the given row.
func (r *itemRun) appliesRegisteredOn(k planKind) bool {
	switch r.e.Settings.HonourRegisteredOn {
	case RegisteredOnAlways:
		return k != planStrict
	case RegisteredOnExisting:
		return k == planUpdate
	}
	return false
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
		r.because("%s %s belongs to customer %d: dropped (CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH)", id.Key(), r.ids[id], r.owners[id].UserID)
		if r.e.Settings.WarnDroppedSecondary {
			r.warn(WarnOccupied, r.e.Settings.Label(id), r.ids[id])
		}
		r.ids[id] = ""
		r.owners[id] = nil
	}
}

// create registers a new customer (M1, M6) after rows V5 and V6.
func (r *itemRun) create(force Outcome) (ItemResult, error) {
	e := r.e
	if res, ok, err := r.checkNew(); !ok || err != nil {
		return res, err
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
	if r.in.RegisteredOn != "" && r.appliesRegisteredOn(planCreate) {
		c.RegisteredOn = r.in.RegisteredOn
	}
	r.applyProfile(c)
	var effects []SideEffect
	if c.Type == TypeLoyalty {
		r.enrol(c, c.RegisteredOn)
		if effects, err = r.registrationEffects(c); err != nil {
			return ItemResult{}, err
		}
	}
	if err := r.tx.Insert(c, e.keys(c)); err != nil {
		return ItemResult{}, err
	}
	return r.finish(c, true, effects, force), nil
}

// checkNew applies rows V5 and V6 to an item that would register a
// customer, generating its external id first when the org does.
func (r *itemRun) checkNew() (ItemResult, bool, error) {
	cfg := &r.e.Org.Configs
	if r.ids[cfg.PrimaryKey] == "" && !cfg.AllowAnyIdentifier {
		return r.fail(RequiredCode(cfg.PrimaryKey), "no %s, the org's primary identifier, and CONF_ALLOW_REGISTRATION_FROM_ANY_IDENTIFIERS is 0",
			cfg.PrimaryKey.Key()), false, nil // V5
	}
	if cfg.Card.Enabled && cfg.Card.AsExternalID {
		n, err := r.tx.Sequence("card")
		if err != nil {
			return ItemResult{}, false, err
		}
		r.ids[ExternalID] = cfg.Card.Generate(n)
	}
	for _, id := range Identifiers {
		if cfg.IdentifierRequired(id) && r.ids[id] == "" {
			return r.fail(RequiredCode(id), "a new customer needs %s (the org requires it)", id.Key()), false, nil // V6
		}
	}
	return ItemResult{}, true, nil
}

// updateCustomer applies an add item to existing customer t (M2–M5,
// M8–M11). found is the identifier that located t; merge marks M8, where
// the primary sent differs from the one t may already have.
func (r *itemRun) updateCustomer(t *Customer, found Identifier, merge bool, force Outcome) (ItemResult, error) {
	e := r.e
	c := t.Clone()
	if res, ok := r.checkType(c); !ok {
		return res, nil
	}
	oldKeys := e.keys(c)
	primary := e.Org.Configs.PrimaryKey
	for _, id := range Identifiers {
		v := r.ids[id]
		if id == found || v == "" || e.key(id, v) == e.key(id, c.Identifier(id)) {
			continue
		}
		label := e.Settings.Label(id)
		if o := r.owners[id]; o != nil && o.UserID != c.UserID {
			r.warn(WarnOccupied, label, v) // M5, M9
			r.because("%s %s belongs to customer %d: not applied", id.Key(), v, o.UserID)
			continue
		}
		switch {
		case c.Identifier(id) == "":
			c.SetIdentifier(id, v) // M2: fill an empty slot
		case merge && id == primary:
			r.warn(WarnPrimaryNoUpdate, label, v) // M8
			r.because("customer %d found by %s keeps its %s %s", c.UserID, found.Key(), id.Key(), c.Identifier(id))
		case e.Org.Configs.AllowUpdate(id):
			c.SetIdentifier(id, v) // M4
		default:
			r.warn(WarnUpdateNotAllow, label, v) // M3
			r.shown[id] = v
			r.because("%s stays %s (%s=0); the response shows the requested value", id.Key(), c.Identifier(id), allowUpdateConfig(id))
		}
	}
	r.applyProfile(c)
	if r.in.RegisteredOn != "" && r.appliesRegisteredOn(planUpdate) {
		c.RegisteredOn = r.in.RegisteredOn
	}
	if err := r.tx.Update(c, oldKeys, e.keys(c)); err != nil {
		return ItemResult{}, err
	}
	return r.finish(c, false, nil, force), nil
}

// checkType applies M10 (loyalty → non-loyalty), M11 (upgrade) and the
// fraud block of Q9 to an existing customer.
func (r *itemRun) checkType(c *Customer) (ItemResult, bool) {
	e := r.e
	if e.Settings.BlockFraud && (c.FraudStatus == "CONFIRMED" || c.FraudStatus == "RECONFIRMED") {
		return r.fail(ItemFraud, "customer %d is marked %s (block_fraud: true)", c.UserID, c.FraudStatus), false
	}
	switch {
	case c.Type == TypeLoyalty && strings.EqualFold(r.in.Type, TypeNonLoyalty):
		if e.Settings.LoyaltyDowngrade == DowngradeFail {
			return r.fail(ItemLoyaltyDowngrade, "customer %d is LOYALTY; type NON_LOYALTY would downgrade it", c.UserID), false
		}
	case c.Type == TypeNonLoyalty && strings.EqualFold(r.in.Type, TypeLoyalty):
		cfg := &e.Org.Configs
		if cfg.EmailRequired && c.Email == "" && r.ids[Email] == "" {
			return r.fail(ItemUpgradeNeedsEmail, "customer %d has no email and CONF_USERS_IS_EMAIL_REQUIRED is 1", c.UserID), false
		}
		if cfg.ExternalIDRequired && c.ExternalID == "" && r.ids[ExternalID] == "" {
			return r.fail(ItemUpgradeNeedsExtID, "customer %d has no external_id and CONF_USERS_IS_EXTERNAL_ID_REQUIRED is 1", c.UserID), false
		}
		c.Type = TypeLoyalty
		r.enrol(c, e.Org.Format(r.now))
	}
	return ItemResult{}, true
}
