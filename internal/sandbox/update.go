package sandbox

import (
	"strconv"
	"strings"
	"time"
)

// Update decides one customer/update item (reference §5.2): the customer
// is found by id, else by the primary identifier, else by the first
// secondary that matches; then identifiers, type and profile change under
// the same rules as an add's update path (M2–M5, M10, M11). A customer
// that cannot be found fails with 1011.
func (e *Engine) Update(tx Tx, in *ItemInput, now time.Time, force Outcome) (ItemResult, error) {
	if force.Error != 0 {
		return Fail(force.Error), nil
	}
	r := &itemRun{e: e, tx: tx, in: in, now: now}
	r.ids = e.normaliseIdentifiers(in)
	id := strings.TrimSpace(in.ID)
	if id == "" || r.ids != [3]string{} {
		if code := r.validate(true); code != 0 {
			return Fail(code), nil
		}
	} else if in.RegisteredOn != "" && !e.checkRegisteredOn(in.RegisteredOn, now) {
		return Fail(ItemRegistrationDate), nil
	}
	r.keepRegisteredOn = in.RegisteredOn != ""
	if err := r.lookup(); err != nil {
		return ItemResult{}, err
	}
	t, found, err := r.target(id)
	if err != nil || t == nil {
		return Fail(ItemNoCustomer), err
	}
	return r.update(t, found, false, force)
}

// target finds the customer an update names; found is the identifier that
// located it (-1 when found by user id).
func (r *itemRun) target(id string) (*Customer, Identifier, error) {
	if id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, 0, nil
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
