package boltstore

import (
	"encoding/binary"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// walkTree reads every page the tree of btx reaches — branch pages, leaf
// pages, nested buckets, inline buckets — from the file with ReadAt, and
// returns an error wrapping errDamaged at the first one bbolt could not
// read safely: a page id or a key or value that lies outside the pages in
// use, a page that names itself another page, a type that is neither
// branch nor leaf, a page reached twice. bbolt reads pages through its
// memory map and trusts what it finds: in a file torn by a power loss
// (a meta page on disk before the pages it points to) a stale page can
// point past the map, and its own check, which runs on a goroutine of its
// own, then dies of the fault instead of reporting it. The pages of
// btx's tree do not change while btx is open, so this is safe beside
// writes.
func walkTree(btx *bolt.Tx) error {
	f, err := os.Open(btx.DB().Path())
	if err != nil {
		return err
	}
	defer f.Close()
	w := walker{f: f, pageSize: uint64(btx.DB().Info().PageSize), seen: map[uint64]bool{}}
	w.highWater = uint64(btx.Size()) / w.pageSize
	return w.tree(uint64(btx.Cursor().Bucket().Root()))
}

type walker struct {
	f         *os.File
	pageSize  uint64
	highWater uint64 // pages in use
	seen      map[uint64]bool
}

func (w *walker) damaged(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errDamaged}, args...)...)
}

// tree walks the pages under page id.
func (w *walker) tree(id uint64) error {
	if id < 2 || id >= w.highWater {
		return w.damaged("a page points at page %d, outside the %d pages in use", id, w.highWater)
	}
	if w.seen[id] {
		return w.damaged("page %d is reached twice", id)
	}
	w.seen[id] = true
	p := make([]byte, w.pageSize)
	if _, err := w.f.ReadAt(p, int64(id*w.pageSize)); err != nil {
		return w.damaged("page %d: %v", id, err)
	}
	le := binary.LittleEndian
	self, overflow := le.Uint64(p), uint64(le.Uint32(p[12:]))
	if self != id {
		return w.damaged("page %d names itself page %d", id, self)
	}
	if id+overflow >= w.highWater {
		return w.damaged("page %d and its %d overflow pages end outside the %d pages in use", id, overflow, w.highWater)
	}
	if overflow > 0 {
		p = make([]byte, (overflow+1)*w.pageSize)
		if _, err := w.f.ReadAt(p, int64(id*w.pageSize)); err != nil {
			return w.damaged("page %d: %v", id, err)
		}
	}
	return w.node(p, id, false)
}

// node checks one branch or leaf page held in p — page id, or (inline)
// a bucket's page inside a value on page id — and walks what it points
// at.
func (w *walker) node(p []byte, id uint64, inline bool) error {
	name := func() string {
		if inline {
			return fmt.Sprintf("an inline bucket on page %d", id)
		}
		return fmt.Sprintf("page %d", id)
	}
	le := binary.LittleEndian
	if len(p) < pageHeaderSize {
		return w.damaged("%s: %d bytes, shorter than a page header", name(), len(p))
	}
	flags, count := le.Uint16(p[8:]), int(le.Uint16(p[10:]))
	if flags != branchPage && flags != leafPage {
		return w.damaged("%s: type %#x, neither branch nor leaf", name(), flags)
	}
	if pageHeaderSize+count*16 > len(p) {
		return w.damaged("%s: %d elements do not fit in it", name(), count)
	}
	for i := range count {
		e := pageHeaderSize + i*16
		if flags == branchPage {
			pos, ksize, child := uint64(le.Uint32(p[e:])), uint64(le.Uint32(p[e+4:])), le.Uint64(p[e+8:])
			if uint64(e)+pos+ksize > uint64(len(p)) {
				return w.damaged("%s: key %d lies outside the page", name(), i)
			}
			if err := w.tree(child); err != nil {
				return err
			}
			continue
		}
		leafFlags, pos, ksize, vsize := le.Uint32(p[e:]), uint64(le.Uint32(p[e+4:])), uint64(le.Uint32(p[e+8:])), uint64(le.Uint32(p[e+12:]))
		end := uint64(e) + pos + ksize + vsize
		if end > uint64(len(p)) {
			return w.damaged("%s: key or value %d lies outside the page", name(), i)
		}
		if leafFlags&1 == 0 { // not a bucket
			continue
		}
		v := p[end-vsize : end]
		if len(v) < 16 {
			return w.damaged("%s: bucket %d has a %d-byte header", name(), i, len(v))
		}
		if root := le.Uint64(v); root != 0 {
			if err := w.tree(root); err != nil {
				return err
			}
		} else if err := w.node(v[16:], id, true); err != nil {
			return err
		}
	}
	return nil
}
