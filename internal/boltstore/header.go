package boltstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// The layout of a bbolt file's two meta pages (the first two pages), as
// bbolt writes them: a 16-byte page header, then magic, version, page
// size, flags (4 bytes each), the root bucket (page id, sequence), the
// freelist's page id, the high-water mark (pages in use), the transaction
// id and an FNV-64a checksum of the fields before it (8 bytes each).
const (
	metaMagic      = 0xED0CDAED
	metaVersion    = 2
	pageHeaderSize = 16
	metaSize       = 64
	noFreelist     = ^uint64(0)
)

// header is what checkHeader reads of one meta page.
type header struct {
	pageSize  uint64
	root      uint64
	freelist  uint64
	highWater uint64 // pages the file must hold
	txid      uint64
}

// errDamaged marks a store file whose structure is broken.
var errDamaged = errors.New("damaged")

// checkHeader reads the meta pages of the file at path without mapping it
// and returns an error wrapping errDamaged when the file cannot be a whole
// bbolt store: neither meta page is valid, or the file is shorter than the
// pages the valid one says are in use (a truncated copy), or the root or
// freelist page lies beyond them. bbolt itself maps such a file and
// crashes reading past its end. A file that does not exist, or is empty,
// passes (bbolt creates it).
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return err
	}
	buf := make([]byte, 64<<10)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	buf = buf[:n]
	h, err := newestMeta(buf)
	if err != nil {
		return err
	}
	size, need := uint64(fi.Size()), h.highWater*h.pageSize
	switch {
	case size < need:
		return fmt.Errorf("%w: the file is %d bytes but its header says %d pages of %d bytes (%d bytes) are in use: it was truncated or copied incompletely",
			errDamaged, size, h.highWater, h.pageSize, need)
	case h.root >= h.highWater || h.root < 2:
		return fmt.Errorf("%w: root page %d lies outside the %d pages in use", errDamaged, h.root, h.highWater)
	case h.freelist != noFreelist && h.freelist >= h.highWater:
		return fmt.Errorf("%w: freelist page %d lies outside the %d pages in use", errDamaged, h.freelist, h.highWater)
	}
	if err := checkPage(f, h, h.root, "root", branchPage, leafPage); err != nil {
		return err
	}
	if h.freelist != noFreelist {
		return checkPage(f, h, h.freelist, "freelist", freelistPage)
	}
	return nil
}

// Page types (the flags of a page header: page id 8 bytes, flags 2,
// element count 2, overflow pages 4).
const (
	branchPage   = 0x01
	leafPage     = 0x02
	freelistPage = 0x10
)

// checkPage reads the header of page id, which the meta page says is the
// root or the freelist, and returns an error wrapping errDamaged unless it
// names itself id and has one of the types: a commit whose meta page
// reached the disk before its other pages (a power loss without fsync)
// leaves zeros or another page there, and bbolt panics loading such a
// freelist.
func checkPage(f *os.File, h header, id uint64, what string, types ...uint16) error {
	var b [pageHeaderSize]byte
	if _, err := f.ReadAt(b[:], int64(id*h.pageSize)); err != nil {
		return fmt.Errorf("%w: %s page %d: %v", errDamaged, what, id, err)
	}
	le := binary.LittleEndian
	self, flags, overflow := le.Uint64(b[:]), le.Uint16(b[8:]), uint64(le.Uint32(b[12:]))
	for _, t := range types {
		if self == id && flags == t {
			if id+overflow >= h.highWater {
				return fmt.Errorf("%w: the %s page %d and its %d overflow pages end outside the %d pages in use", errDamaged, what, id, overflow, h.highWater)
			}
			return nil
		}
	}
	return fmt.Errorf("%w: the %s page %d of transaction %d holds another page (id %d, type %#x): "+
		"the last commit's pages did not all reach the disk (a power loss or crash of the machine while commits were not fsynced?)",
		errDamaged, what, id, h.txid, self, flags)
}

// newestMeta returns the valid meta page with the highest transaction id.
func newestMeta(buf []byte) (header, error) {
	first, err0 := readMeta(buf, 0)
	if err0 != nil && len(buf) < pageHeaderSize+metaSize {
		return header{}, fmt.Errorf("%w: %d bytes is too short for a store header", errDamaged, len(buf))
	}
	pageSize := first.pageSize
	if err0 != nil {
		pageSize = 4096 // the usual size: look for the second meta page there
	}
	second, err1 := readMeta(buf, pageSize)
	switch {
	case err0 != nil && err1 != nil:
		return header{}, fmt.Errorf("%w: neither meta page is valid (%v; %v)", errDamaged, err0, err1)
	case err0 != nil:
		return second, nil
	case err1 != nil || first.txid >= second.txid:
		return first, nil
	}
	return second, nil
}

func readMeta(buf []byte, off uint64) (header, error) {
	if off+pageHeaderSize+metaSize > uint64(len(buf)) {
		return header{}, fmt.Errorf("meta page at %d: beyond the end of the file", off)
	}
	m := buf[off+pageHeaderSize : off+pageHeaderSize+metaSize]
	le := binary.LittleEndian
	sum := fnv.New64a()
	sum.Write(m[:56])
	switch {
	case le.Uint32(m[0:]) != metaMagic:
		return header{}, fmt.Errorf("meta page at %d: not a bbolt page", off)
	case le.Uint32(m[4:]) != metaVersion:
		return header{}, fmt.Errorf("meta page at %d: version %d", off, le.Uint32(m[4:]))
	case le.Uint64(m[56:]) != sum.Sum64():
		return header{}, fmt.Errorf("meta page at %d: checksum mismatch", off)
	}
	h := header{pageSize: uint64(le.Uint32(m[8:])), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		highWater: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}
	if h.pageSize < 512 || h.pageSize > 1<<16 {
		return header{}, fmt.Errorf("meta page at %d: page size %d", off, h.pageSize)
	}
	return h, nil
}
