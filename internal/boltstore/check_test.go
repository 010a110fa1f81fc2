package boltstore

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	bolt "go.etcd.io/bbolt"
)

// TestCheckFindsDamage damages a consistent store in each way Check looks
// for and expects it to name the problem.
func TestCheckFindsDamage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *tx) error
		want   string
	}{
		{"index points nowhere", func(t *tx) error { return t.index[0].Put([]byte("919999999999"), u64(99)) }, "missing user 99"},
		{"index points at another customer", func(t *tx) error { return t.index[1].Put([]byte("b@example.com"), u64(1)) }, "whose email is"},
		{"customer not indexed", func(t *tx) error { return t.index[0].Delete([]byte("919000000002")) }, "not indexed"},
		{"record damaged", func(t *tx) error { return t.customers.Put(u64(2), []byte{codecVersion, 0xff}) }, "corrupt"},
		{"record under the wrong key", func(t *tx) error {
			return t.customers.Put(u64(3), encodeCustomer(nil, &sandbox.Customer{UserID: 4}))
		}, "has user id 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(filepath.Join(t.TempDir(), "c.db"), Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = s.Update("n", func(stx sandbox.Tx) error {
				for _, c := range []*sandbox.Customer{{UserID: 1, Mobile: "919000000001", Email: "a@example.com"},
					{UserID: 2, Mobile: "919000000002", Email: "b@example.com"}} {
					if err := stx.Insert(c, [3]string{c.Mobile, c.Email, ""}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Check(); err != nil {
				t.Fatalf("before damage: %v", err)
			}
			if err := s.db.Update(func(btx *bolt.Tx) error {
				w, err := writeTx(btx, "n")
				if err != nil {
					return err
				}
				return tc.damage(w)
			}); err != nil {
				t.Fatal(err)
			}
			if err := s.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check after damage: %v, want %q", err, tc.want)
			}
		})
	}
}
