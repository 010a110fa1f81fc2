package boltstore

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	bolt "go.etcd.io/bbolt"
)

// writeStore writes a store of n customers in several namespaces and
// returns its path and size.
func writeStore(t *testing.T, n int) (string, int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i += 500 {
		err := s.Update(fmt.Sprintf("ns%d", i%7), func(tx sandbox.Tx) error {
			for j := i; j < i+500 && j < n; j++ {
				m := fmt.Sprintf("91%010d", j)
				c := &sandbox.Customer{UserID: int64(j + 1), Mobile: m, FirstName: strings.Repeat("x", 40)}
				if err := tx.Insert(c, [3]string{m, "", ""}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	return path, fi.Size()
}

// TestOpenRefusesDamagedFiles: a truncated file (the sizes that crashed
// bbolt's own open) and a file with garbage over a page in the middle are
// refused by Open with an error naming the file and what to do, never a
// crash, and the file is left exactly as it was.
func TestOpenRefusesDamagedFiles(t *testing.T) {
	src, size := writeStore(t, 20000)
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{}
	for _, n := range []int64{8 << 10, 16 << 10, 400 << 10, size / 2, size - 4096} {
		if n < size {
			cases[fmt.Sprintf("truncated to %d", n)] = orig[:n]
		}
	}
	for _, page := range []int64{size / 4096 / 2, size/4096 - 3} {
		bad := append([]byte(nil), orig...)
		for i := page * 4096; i < (page+1)*4096; i++ {
			bad[i] = byte(i*7 + 3)
		}
		cases[fmt.Sprintf("garbage over page %d", page)] = bad
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) { mustRefuse(t, data, "damaged") })
	}
	s, err := Open(src, Options{})
	if err != nil {
		t.Fatalf("the undamaged store: %v", err)
	}
	s.Close()
}

// tornFiles writes a store, then one more commit of customers, and
// returns the file as a power loss can leave it when commits are not
// fsynced (--sync interval or none): the last commit's meta page on disk
// but not the pages it points to. "older pages": those pages hold what
// they held before the commit (or nothing, past the old end of the
// file); "zeroed pages": every page the commit wrote reads as zeros.
func tornFiles(t *testing.T) map[string][]byte {
	t.Helper()
	path, _ := writeStore(t, 5000)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update("ns0", func(tx sandbox.Tx) error {
		for j := 5000; j < 5400; j++ {
			m := fmt.Sprintf("91%010d", j)
			if err := tx.Insert(&sandbox.Customer{UserID: int64(j + 1), Mobile: m, FirstName: "late"}, [3]string{m, "", ""}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	older := make([]byte, len(after))
	copy(older, before)
	copy(older[:2*page], after[:2*page]) // the new meta page reached the disk
	zeroed := append([]byte(nil), after...)
	changed := 0
	for off := 2 * page; off < len(after); off += page {
		if off+page > len(before) || string(before[off:off+page]) != string(after[off:off+page]) {
			clear(zeroed[off : off+page])
			changed++
		}
	}
	if changed == 0 || string(older) == string(after) {
		t.Fatalf("the last commit changed no page")
	}
	files := map[string][]byte{"older pages": older, "zeroed pages": zeroed}
	// And each page the commit wrote lost alone: the others reached the
	// disk, that one holds its previous content or zeros.
	for off := 2 * page; off < len(after); off += page {
		if off+page <= len(before) && string(before[off:off+page]) == string(after[off:off+page]) {
			continue
		}
		one := append([]byte(nil), after...)
		clear(one[off : off+page])
		name := fmt.Sprintf("page %d zeroed", off/page)
		if off+page <= len(before) {
			copy(one[off:off+page], before[off:off+page])
			name = fmt.Sprintf("page %d older", off/page)
		}
		files[name] = one
	}
	return files
}

// TestOpenRefusesTornFiles: a file torn as a power loss can leave it
// without fsync is refused by Open with an error naming the file and what
// to do, never a panic, and left as it was.
func TestOpenRefusesTornFiles(t *testing.T) {
	for name, data := range tornFiles(t) {
		t.Run(name, func(t *testing.T) {
			path := mustRefuse(t, data, "torn")
			if _, err := CheckFile(path, time.Second); err == nil {
				t.Errorf("CheckFile passed a torn file")
			}
		})
	}
}

// TestOpenRefusesPagesPastTheFile: a branch page, or a bucket, pointing at
// a page far past the file (bbolt would read it through its memory map,
// on its check's own goroutine, and the process would die of the fault)
// is refused by Open as damage naming the page, and by CheckFile.
func TestOpenRefusesPagesPastTheFile(t *testing.T) {
	src, _ := writeStore(t, 20000)
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	// Two pages of the tree: the root of a namespace's customers (a
	// branch page, with 20,000 customers) and the root of "ns" (a leaf of
	// buckets that have pages of their own).
	db, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var branch, buckets int
	err = db.View(func(tx *bolt.Tx) error {
		branch = int(tx.Bucket(bucketNS).Bucket([]byte("ns0")).Bucket(bucketCustomers).Root())
		buckets = int(tx.Bucket(bucketNS).Root())
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	le := binary.LittleEndian
	cases := map[string][]byte{}
	if off := branch * page; le.Uint16(orig[off+8:]) == branchPage {
		bad := append([]byte(nil), orig...)
		le.PutUint64(bad[off+16+8:], 1<<30) // element 0's child
		cases["branch"] = bad
	}
	if off := buckets * page; le.Uint16(orig[off+8:]) == leafPage && le.Uint16(orig[off+10:]) > 0 {
		bad := append([]byte(nil), orig...)
		e := off + 16 // element 0
		if v := e + int(le.Uint32(bad[e+4:])) + int(le.Uint32(bad[e+8:])); le.Uint32(bad[e:])&1 == 1 && le.Uint64(bad[v:]) != 0 {
			le.PutUint64(bad[v:], 1<<30) // its root page
			cases["bucket"] = bad
		}
	}
	if len(cases) != 2 {
		t.Fatalf("found only %d of a branch page and a bucket to damage", len(cases))
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "d.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{CheckTimeout: time.Minute})
			if err == nil {
				s.Close()
				t.Fatal("Open accepted a page past the file")
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "page 1073741824") {
				t.Errorf("error %q: want it to name %s and the page", msg, path)
			}
			if _, err := CheckFile(path, time.Second); err == nil {
				t.Error("CheckFile passed it")
			}
		})
	}
}

// mustRefuse writes data to a new file and checks that Open refuses it
// with an error naming the file and what to do, and leaves it as it was;
// it returns the file's path.
func mustRefuse(t *testing.T, data []byte, what string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), what+".db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err == nil {
		s.Close()
		t.Fatalf("Open accepted a %s file", what)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "capsandbox check") {
		t.Errorf("error %q: want it to name %s and what to do", msg, path)
	}
	if after, _ := os.ReadFile(path); string(after) != string(data) {
		t.Errorf("Open modified the %s file", what)
	}
	return path
}
