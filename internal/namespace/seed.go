package namespace

import (
	"fmt"

	"github.com/capsandbox/capsandbox/internal/fakedata"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// SeedResult reports a SeedFake run.
type SeedResult struct {
	Created int // customers registered
	Skipped int // generated customers whose mobile, email or external id was taken
	Total   int // customers in the namespace afterwards
}

// SeedFake registers count fake customers (package fakedata, seeded with
// seed mixed with the namespace's current customer count, so the same seed
// into the same state gives the same customers) through the namespace's
// engine with the reject duplicate policy, batch customers per store
// transaction. progress, when not nil, gets the number registered after
// each transaction. An item the engine refuses for any reason but a taken
// identifier stops the run with an *InsertError.
func (n *Namespace) SeedFake(count, batch int, seed int64, progress func(int)) (SeedResult, error) {
	var res SeedResult
	_, existing, err := n.Customers(0, 0)
	if err != nil {
		return res, err
	}
	eng, st := n.InsertEngine()
	org := st.Scenario.Org
	gen := fakedata.New(seed+int64(existing)*1_000_003, org)
	for misses := 0; res.Created < count; {
		inputs := gen.Customers(min(batch, count-res.Created))
		for i := range inputs {
			inputs[i].Till = firstTill(org)
			inputs[i].ExternalID = fakeExternalID(org, existing+res.Created+res.Skipped+i+1)
		}
		created, skipped, err := n.seedBatch(eng, inputs)
		if err != nil {
			return res, err
		}
		res.Created, res.Skipped = res.Created+created, res.Skipped+skipped
		if progress != nil {
			progress(created)
		}
		if misses = misses + 1; created > 0 {
			misses = 0
		}
		if misses >= 3 {
			return res, fmt.Errorf("seed: three batches in a row registered nobody: every generated customer's identifiers are taken")
		}
	}
	_, res.Total, err = n.Customers(0, 0)
	return res, err
}

// seedBatch registers inputs in one transaction.
func (n *Namespace) seedBatch(eng *sandbox.Engine, inputs []sandbox.ItemInput) (created, skipped int, err error) {
	now := n.Now()
	err = n.Update(func(tx sandbox.Tx) error {
		created, skipped = 0, 0 // Update may run fn again
		for i := range inputs {
			in := inputs[i]
			r, err := eng.Add(tx, &in, now, sandbox.Outcome{})
			if err != nil {
				return err
			}
			ie := &InsertError{Index: i, Code: r.Code, Message: r.Message}
			switch {
			case r.Success:
				created++
			case ie.Duplicate():
				skipped++
			default:
				return ie
			}
		}
		return nil
	})
	return created, skipped, err
}

func firstTill(org *sandbox.Org) string {
	if len(org.Tills) == 0 {
		return ""
	}
	return org.Tills[0].Username
}

// fakeExternalID returns an external id for the n-th seeded customer when
// the org registers by external id or requires one, else "": the org's
// prefix, then n zero-padded to the org's length (12 digits when free).
func fakeExternalID(org *sandbox.Org, n int) string {
	cfg := &org.Configs
	if cfg.PrimaryKey != sandbox.ExternalID && !cfg.ExternalIDRequired {
		return ""
	}
	rule := org.ExternalID
	width := 12
	if rule.Length > 0 {
		width = rule.Length - len(rule.Prefix)
	}
	return fmt.Sprintf("%s%0*d", rule.Prefix, width, n)
}
