package sandbox

// Store keeps customers in namespaces: each namespace has its own
// customers, identifier indexes, sequences and metadata. Everything above
// the store (package namespace, the server, the commands) holds a Store
// and nothing more specific; package storetest is the contract every
// implementation passes (boltstore on disk, memstore in memory). A Store
// is safe for concurrent use.
type Store interface {
	// Update runs fn in a write transaction on namespace ns, creating ns
	// if needed. When fn (or the commit) fails, nothing fn wrote is kept
	// and the error is returned; a panic in fn is returned as an error.
	// A store may run fn more than once (several writes sharing one
	// commit), so fn must only record results from its last run.
	Update(ns string, fn func(Tx) error) error
	// View runs fn in a read transaction on namespace ns; writes through
	// it fail. A namespace that does not exist reads as empty and is not
	// created.
	View(ns string, fn func(Tx) error) error
	// Init creates namespace ns and runs fn on it in the same transaction,
	// unless ns exists (then fn does not run). It reports whether it
	// created ns; when fn fails, ns is not created.
	Init(ns string, fn func(Tx) error) (created bool, err error)
	// Drop deletes namespace ns and everything in it; dropping a namespace
	// that does not exist is not an error.
	Drop(ns string) error
	// Replace empties namespace ns (creating it if needed: customers,
	// indexes, sequences and metadata all go) and runs fn on it, in one
	// transaction: a concurrent reader or writer of ns sees the old
	// contents or fn's, never an empty namespace. When fn fails, ns is
	// left as it was.
	Replace(ns string, fn func(Tx) error) error
	// DropAll deletes every namespace in one transaction.
	DropAll() error
	// Namespaces lists the namespaces in the store, sorted.
	Namespaces() ([]string, error)
	// Meta returns a metadata value of namespace ns ("" when unset or when
	// ns does not exist).
	Meta(ns, key string) (string, error)
	// SetMeta stores a metadata value of namespace ns, creating ns if
	// needed.
	SetMeta(ns, key, value string) error
	// Check verifies that every identifier index entry points at a stored
	// customer holding that identifier and that every stored customer's
	// identifiers are indexed to it, in every namespace.
	Check() error
	// Close releases the store; later calls fail.
	Close() error
}

// Tx is one namespace's customers inside one store transaction. The engine
// reads and writes through it; the store makes each item's reads and writes
// atomic, so identifier uniqueness holds under concurrent requests.
// Customers it returns are the caller's to change: writing one back takes
// Update.
type Tx interface {
	// Find returns the customer whose identifier id has index key key, or
	// nil when there is none.
	Find(id Identifier, key string) (*Customer, error)
	// ByUserID returns the customer with that user id, or nil.
	ByUserID(userID int64) (*Customer, error)
	// Insert stores a new customer under the given identifier keys ("" =
	// none). A user id or key that is already taken is an error.
	Insert(c *Customer, keys [3]string) error
	// Update stores c over its previous state, moving identifier index
	// entries from oldKeys to newKeys. A new key that belongs to another
	// customer is an error.
	Update(c *Customer, oldKeys, newKeys [3]string) error
	// Sequence returns the next value (1, 2, ...) of a per-namespace
	// counter: "user", "card" or "coupon".
	Sequence(name string) (int64, error)
	// Count returns the number of customers in the namespace.
	Count() int
	// List returns up to limit customers with a user id greater than
	// after, in user id order.
	List(after int64, limit int) ([]*Customer, error)
}
