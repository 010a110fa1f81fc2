package sandbox

import (
	"strconv"
	"strings"
	"time"
)

// Update decides one customer/update item (docs/VENDOR.md, customer/update, rows U1–U9).
// The customer is found by id, else by the primary identifier, else by the
// first of mobile, email, external_id that matches. The primary is never
// changed and a filled secondary only with its CONF_ALLOW_*_UPDATE: either
// attempt fails the item with nothing stored. A value that belongs to
// another customer is left out with warning 91007. updated_on is the
// server's time.
func (e *Engine) Update(tx Tx, in *ItemInput, now time.Time, force Outcome) (ItemResult, error) {
	if force.Error != 0 {
		return e.Settings.Fail(force.Error, "forced error="+force.Error.String()), nil
	}
	r := &itemRun{e: e, tx: tx, in: in, now: now, update: true}
	r.ids = e.normaliseIdentifiers(in)
	id := strings.TrimSpace(in.ID)
	if id == "" && r.ids == [3]string{} {
		return r.fail(ItemBadInput, "no mobile, email, external_id or id names the customer to update"), nil // U1
	}
	if r.ids != [3]string{} {
		if res, ok := r.validate(); !ok {
			return res, nil // U2
		}
	}
	if res, ok := r.checkDetails(e.Settings.HonourRegisteredOn != RegisteredOnNever); !ok {
		return res, nil
	}
	if err := r.lookup(); err != nil {
		return ItemResult{}, err
	}
	t, found, err := r.target(id)
	if err != nil {
		return ItemResult{}, err
	}
	if t == nil {
		return r.fail(ItemNoCustomer, "no customer has %s", r.describeQuery(id)), nil // U3
	}
	c := t.Clone()
	if res, ok := r.checkType(c); !ok {
		return res, nil // U8, M11
	}
	if res, ok := r.checkIdentifierChanges(c, found); !ok {
		return res, nil // U4, U5
	}
	return r.applyUpdate(c, force)
}

// target finds the customer an update names; found is the identifier that
// located it (-1 when found by user id).
func (r *itemRun) target(id string) (*Customer, Identifier, error) {
	if id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, -1, nil
		}
		c, err := r.tx.ByUserID(n)
		return c, -1, err
	}
	primary := r.e.Org.Configs.PrimaryKey
	if c := r.owners[primary]; c != nil {
		return c, primary, nil
	}
	for _, k := range Identifiers {
		if c := r.owners[k]; c != nil {
			return c, k, nil
		}
	}
	return nil, 0, nil
}

func (r *itemRun) describeQuery(id string) string {
	if id != "" {
		return "id " + id
	}
	var parts []string
	for _, k := range Identifiers {
		if r.ids[k] != "" {
			parts = append(parts, k.Key()+" "+r.ids[k])
		}
	}
	return strings.Join(parts, " or ")
}

// checkIdentifierChanges applies rows U4 (a different primary) and U5 (a
// different filled secondary whose update config is 0).
func (r *itemRun) checkIdentifierChanges(c *Customer, found Identifier) (ItemResult, bool) {
	e := r.e
	primary := e.Org.Configs.PrimaryKey
	for _, rows := range [2]bool{true, false} { // U4 before U5
		for _, id := range Identifiers {
			v, old := r.ids[id], c.Identifier(id)
			if (id == primary) != rows || id == found || v == "" || old == "" || e.key(id, v) == e.key(id, old) {
				continue
			}
			label := e.Settings.Label(id)
			if id == primary {
				res := r.fail(WarnPrimaryNoUpdate, "the primary %s of customer %d is %s; update never changes it", id.Key(), c.UserID, old)
				res.Message = e.Settings.MessageTexts.Warning(WarnPrimaryNoUpdate, label, v)
				return res, false
			}
			if !e.Org.Configs.AllowUpdate(id) {
				res := r.fail(WarnUpdateNotAllow, "customer %d has %s %s and %s is 0", c.UserID, id.Key(), old, allowUpdateConfig(id))
				res.Message = e.Settings.MessageTexts.Warning(WarnUpdateNotAllow, label, v)
				return res, false
			}
		}
	}
	return ItemResult{}, true
}

// applyUpdate stores the identifier changes left (U6, U7) and the profile
// (U9) on c.
func (r *itemRun) applyUpdate(c *Customer, force Outcome) (ItemResult, error) {
	e := r.e
	oldKeys := e.keys(c)
	for _, id := range Identifiers {
		v := r.ids[id]
		if v == "" || e.key(id, v) == e.key(id, c.Identifier(id)) {
			continue
		}
		if o := r.owners[id]; o != nil && o.UserID != c.UserID {
			r.warn(WarnOccupied, e.Settings.Label(id), v) // U6
			r.because("%s %s belongs to customer %d: not applied", id.Key(), v, o.UserID)
			continue
		}
		c.SetIdentifier(id, v) // U7
	}
	r.applyProfile(c)
	if r.in.RegisteredOn != "" && e.Settings.HonourRegisteredOn != RegisteredOnNever {
		c.RegisteredOn = r.in.RegisteredOn
	}
	if err := r.tx.Update(c, oldKeys, e.keys(c)); err != nil {
		return ItemResult{}, err
	}
	return r.finish(c, false, nil, force), nil
}
