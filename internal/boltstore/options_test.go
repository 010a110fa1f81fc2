package boltstore

import (
	"path/filepath"
	"testing"
)

func TestNoSyncAlsoSkipsTheGrowSync(t *testing.T) {
	for _, noSync := range []bool{false, true} {
		s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{NoSync: noSync})
		if err != nil {
			t.Fatal(err)
		}
		if s.db.NoSync != noSync || s.db.NoGrowSync != noSync {
			t.Errorf("Options{NoSync: %v}: bbolt NoSync %v, NoGrowSync %v", noSync, s.db.NoSync, s.db.NoGrowSync)
		}
		s.Close()
	}
}
