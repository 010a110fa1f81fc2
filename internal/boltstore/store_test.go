package boltstore_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/storetest"
)

func open(t *testing.T, opts boltstore.Options) *boltstore.Store {
	t.Helper()
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "c.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sandbox.Store { return open(t, boltstore.Options{NoSync: true}) })
}

func TestOpenFailures(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.db")
	s, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = boltstore.Open(path, boltstore.Options{LockTimeout: 50e6})
	if err == nil || !strings.Contains(err.Error(), "locked by another process") || !strings.Contains(err.Error(), path) {
		t.Errorf("second open: %v", err)
	}
	s.Close()

	garbage := filepath.Join(dir, "garbage.db")
	content := []byte(strings.Repeat("not a bbolt file ", 1000))
	if err := os.WriteFile(garbage, content, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = boltstore.Open(garbage, boltstore.Options{})
	if err == nil || !strings.Contains(err.Error(), garbage) {
		t.Errorf("corrupt open: %v", err)
	}
	if after, _ := os.ReadFile(garbage); string(after) != string(content) {
		t.Error("a corrupt file was overwritten")
	}

	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		_ = os.Mkdir(ro, 0o500)
		if _, err := boltstore.Open(filepath.Join(ro, "c.db"), boltstore.Options{}); err == nil {
			t.Error("opened a store in an unwritable directory")
		}
	}
	if _, err := boltstore.Open(dir, boltstore.Options{}); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory as store: %v", err)
	}
}
