package reliability

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/proctest"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestStoreFaultsStopTheStart: a store file the server cannot use — held
// by another process, in a directory that cannot exist, not a store, or a
// store whose both meta pages are damaged — stops `serve` at start with a
// message naming the file and a non-zero exit, and the file is left
// exactly as it was.
func TestStoreFaultsStopTheStart(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) string // returns the --data path
		want  string
	}{
		{"locked by another process", lockedStore, "locked by another process"},
		{"directory cannot be created", func(t *testing.T) string {
			file := filepath.Join(dir, "plain-file")
			writeFile(t, file, []byte("not a directory"))
			return filepath.Join(file, "c.db")
		}, "plain-file"},
		{"not a store", func(t *testing.T) string {
			path := filepath.Join(dir, "garbage.db")
			writeFile(t, path, bytes.Repeat([]byte("not a bbolt file "), 4096))
			return path
		}, "not a valid capsandbox store"},
		{"both meta pages damaged", damagedStore, "not a valid capsandbox store"},
		{"truncated", func(t *testing.T) string {
			path := damagedStore(t)
			raw, _ := os.ReadFile(path)
			writeFile(t, path, raw[:100])
			return path
		}, "store"},
		{"a directory", func(t *testing.T) string { return t.TempDir() }, "directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.setup(t)
			before, _ := os.ReadFile(path)
			cmd, addr := proctest.ServeCmd(t, "--data", path)
			p := proctest.Run(t, cmd, addr)
			code := p.Wait(t, 15*time.Second)
			msg := p.Output()
			if code == 0 || !strings.Contains(msg, path) || !strings.Contains(msg, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant a non-zero exit and a message naming %s (%q)", code, msg, path, tc.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Errorf("the store file was modified")
			}
		})
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// lockedStore opens a store in this process for the rest of the test.
func lockedStore(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return path
}

// damagedStore writes a real store with one customer, then overwrites
// its two meta pages (the first 8 KiB) with garbage.
func damagedStore(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update("default", func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 1, Mobile: "919876543210"}, [3]string{"919876543210", "", ""})
	})
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, 8192), 0); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTornStoreStopsTheStart: a file as a power loss can leave it when
// commits are not fsynced (--sync interval or none) — the last commit's
// meta page on disk, some of the pages it points to not — stops `serve`
// with exit 1 and a message naming the file and what to do, not a crash.
// One file has every page of the last commit zeroed (never written),
// the other one page of it holding what it held before.
func TestTornStoreStopsTheStart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	before, after := twoCommits(t)
	const page = 4096
	zeroed := bytes.Clone(after)
	older := bytes.Clone(after)
	first := true
	for off := 2 * page; off < len(after); off += page {
		if off+page <= len(before) && bytes.Equal(before[off:off+page], after[off:off+page]) {
			continue
		}
		clear(zeroed[off : off+page])
		if first && off+page <= len(before) {
			copy(older[off:off+page], before[off:off+page])
			first = false
		}
	}
	if first {
		t.Fatal("the last commit rewrote no page of the earlier file")
	}
	for name, data := range map[string][]byte{"pages never written": zeroed, "one page older": older} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "torn.db")
			writeFile(t, path, data)
			cmd, addr := proctest.ServeCmd(t, "--data", path, "--sync", "interval")
			p := proctest.Run(t, cmd, addr)
			code := p.Wait(t, 15*time.Second)
			msg := p.Output()
			if code != 1 || !strings.Contains(msg, path) || !strings.Contains(msg, "capsandbox check --data "+path) ||
				!strings.Contains(msg, "move the file away") || strings.Contains(msg, "goroutine ") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and a message naming %s and what to do", code, msg, path)
			}
			t.Logf("exit %d: %s", code, msg)
			if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
				t.Errorf("the store file was modified")
			}
		})
	}
}

// twoCommits writes a store of 300 customers, then commits 300 more, and
// returns the file after each (closed, as bbolt left it).
func twoCommits(t *testing.T) (before, after []byte) {
	path := filepath.Join(t.TempDir(), "c.db")
	commit := func(from int) []byte {
		s, err := boltstore.Open(path, boltstore.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Update("default", func(tx sandbox.Tx) error {
			for i := from; i < from+300; i++ {
				m := "9198" + strconv.Itoa(10000000+i)
				if err := tx.Insert(&sandbox.Customer{UserID: int64(i + 1), Mobile: m, FirstName: "Torn"}, [3]string{m, "", ""}); err != nil {
					return err
				}
			}
			return nil
		})
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return commit(0), commit(300)
}
