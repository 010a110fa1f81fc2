package control

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// NamespaceList is the answer of GET /__sandbox/namespaces.
type NamespaceList struct {
	Namespaces []string           `json:"namespaces"` // names, sorted
	Details    []NamespaceSummary `json:"details"`    // one per name, in the same order
}

// NamespaceSummary is what GET /__sandbox/namespaces tells of one
// namespace.
type NamespaceSummary struct {
	Name       string `json:"name"`
	Scenario   string `json:"scenario"`    // the active scenario
	Customers  int    `json:"customers"`   // stored customers
	Requests   int    `json:"requests"`    // journal entries held
	JournalCap int    `json:"journal_cap"` // most entries the journal keeps
	LastSeq    int64  `json:"last_seq"`    // seq of the latest journalled request, 0 for none
	// LastActivity is the time of the latest journalled request since the
	// server started (the journal is in memory); absent for none.
	LastActivity *time.Time `json:"last_activity,omitempty"`
}

// listNamespaces serves GET /__sandbox/namespaces: the namespaces in use or
// stored, each with its scenario, customer count and journal. A stored
// namespace not used since the server started is read from the store, not
// loaded, so a listing of many namespaces costs one read each.
func (a *API) listNamespaces(c echo.Context) error {
	names, err := a.Spaces.Names()
	if err != nil {
		return err
	}
	out := NamespaceList{Namespaces: make([]string, 0, len(names)), Details: make([]NamespaceSummary, 0, len(names))}
	for _, name := range names {
		d, err := a.summary(name)
		if err != nil {
			return err
		}
		out.Namespaces = append(out.Namespaces, name)
		out.Details = append(out.Details, d)
	}
	return c.JSON(http.StatusOK, out)
}

func (a *API) summary(name string) (NamespaceSummary, error) {
	ns := a.Spaces.Loaded(name)
	if ns == nil {
		st, err := a.Spaces.Stored(name)
		return NamespaceSummary{Name: name, Scenario: st.Scenario, Customers: st.Customers,
			JournalCap: a.Spaces.JournalCap()}, err
	}
	_, total, err := ns.Customers(0, 0)
	if err != nil {
		return NamespaceSummary{}, err
	}
	seq, at := ns.Journal.Last()
	d := NamespaceSummary{Name: name, Scenario: ns.Scenario().Name, Customers: total,
		Requests: ns.Journal.Len(), JournalCap: ns.Journal.Cap(), LastSeq: seq}
	if !at.IsZero() {
		at = at.UTC()
		d.LastActivity = &at
	}
	return d, nil
}
