package namespace

import (
	"fmt"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Arrangement is one customer to insert directly (the control API's POST
// /__sandbox/customers, sandboxtest's SeedCustomer): Input goes through the
// namespace's engine, so identifiers are validated and normalised, user ids
// come from the namespace's sequence and LOYALTY customers are enrolled;
// Adjust, when not nil, then edits the stored customer (points, slab,
// dates) before it is written back.
type Arrangement struct {
	Input  sandbox.ItemInput
	Adjust func(*sandbox.Customer) error
}

// InsertError is an arrangement that was refused: an item error code, a
// warning (a direct insert treats one as an error: a dropped field is a
// test bug, not something to arrange silently), or an Adjust error (Code
// 0).
type InsertError struct {
	Index   int          // position in the batch
	Code    sandbox.Code // item error or warning code; 0 for an Adjust error
	Warning bool
	Message string
}

func (e *InsertError) Error() string {
	switch {
	case e.Code == 0:
		return fmt.Sprintf("customer %d: %s", e.Index, e.Message)
	case e.Warning:
		return fmt.Sprintf("customer %d: warning %d: %s", e.Index, e.Code, e.Message)
	}
	return fmt.Sprintf("customer %d: item error %d: %s", e.Index, e.Code, e.Message)
}

// Duplicate reports whether the arrangement failed because one of its
// identifiers already belongs to a customer.
func (e *InsertError) Duplicate() bool {
	switch e.Code {
	case sandbox.ItemMobileExists, sandbox.ItemEmailExists, sandbox.ItemExternalIDExists:
		return !e.Warning
	}
	return false
}

// InsertEngine returns the namespace's engine with the reject duplicate
// policy: an insert never updates an existing customer.
func (n *Namespace) InsertEngine() (*sandbox.Engine, State) {
	st := n.State()
	settings := *st.Engine.Settings
	settings.DuplicatePolicy = sandbox.DuplicateReject
	return &sandbox.Engine{Org: st.Engine.Org, Settings: &settings, Seed: st.Engine.Seed}, st
}

// Insert stores every arrangement in one transaction, all or nothing, and
// returns the stored customers in order. A refused arrangement returns an
// *InsertError and stores nothing.
func (n *Namespace) Insert(items []Arrangement) ([]*sandbox.Customer, error) {
	eng, st := n.InsertEngine()
	var out []*sandbox.Customer
	err := n.Update(func(tx sandbox.Tx) error {
		out = make([]*sandbox.Customer, 0, len(items)) // Update may run fn again
		for i := range items {
			c, err := insertOne(tx, eng, st, i, &items[i])
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func insertOne(tx sandbox.Tx, eng *sandbox.Engine, st State, i int, a *Arrangement) (*sandbox.Customer, error) {
	in := a.Input
	res, err := eng.Add(tx, &in, st.Now, sandbox.Outcome{})
	if err != nil {
		return nil, err
	}
	if !res.Success {
		return nil, &InsertError{Index: i, Code: res.Code, Message: res.Message}
	}
	if len(res.Warnings) > 0 {
		w := res.Warnings[0]
		return nil, &InsertError{Index: i, Code: w, Warning: true, Message: sandbox.WarningText(w, "")}
	}
	c := res.Customer
	if a.Adjust == nil {
		return c, nil
	}
	if err := a.Adjust(c); err != nil {
		return nil, &InsertError{Index: i, Message: err.Error()}
	}
	var same [3]string // identifiers are not adjusted: the index stays as is
	return c, tx.Update(c, same, same)
}
