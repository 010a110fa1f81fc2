package boltstore

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// A stored customer is a compact binary record: the version byte
// codecVersion, then every field of sandbox.Customer in declaration order —
// strings as uvarint length + bytes, integers as varints, floats as the
// uvarint of their IEEE bits, lists as a uvarint count then their items,
// Loyalty as a presence byte then its fields. It is about half the size of
// the JSON form and decodes with a handful of allocations; records written
// as JSON by earlier versions (first byte '{') are still read.

const codecVersion = 1

var errCorrupt = errors.New("corrupt customer record")

// encodeCustomer appends c's record to dst.
func encodeCustomer(dst []byte, c *sandbox.Customer) []byte {
	dst = append(dst, codecVersion)
	dst = binary.AppendVarint(dst, c.UserID)
	for _, s := range [...]string{c.FirstName, c.LastName, c.Mobile, c.Email, c.ExternalID, c.Type,
		c.FraudStatus, c.FraudReason, c.FraudModified, c.RegisteredOn, c.UpdatedOn, c.RegisteredBy,
		c.RegisteredTill, c.AssociatedWith} {
		dst = appendString(dst, s)
	}
	dst = appendFields(dst, c.CustomFields)
	dst = appendFields(dst, c.ExtendedFields)
	dst = binary.AppendUvarint(dst, uint64(len(c.Subscriptions)))
	for _, s := range c.Subscriptions {
		dst = appendString(appendString(appendString(dst, s.Channel), s.Priority), s.Status)
	}
	if c.Loyalty == nil {
		return append(dst, 0)
	}
	l := c.Loyalty
	dst = append(dst, 1)
	dst = appendString(dst, l.ProgramID)
	dst = binary.AppendVarint(dst, int64(l.Slab))
	dst = appendString(dst, l.TierExpiry)
	for _, f := range [...]float64{l.LifetimePoints, l.LoyaltyPoints, l.LifetimePurchases, l.Redeemed,
		l.Expired, l.Returned, l.Adjusted} {
		dst = binary.AppendUvarint(dst, math.Float64bits(f))
	}
	return dst
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendFields(dst []byte, fs []sandbox.Field) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(fs)))
	for _, f := range fs {
		dst = appendString(appendString(dst, f.Name), f.Value)
	}
	return dst
}

// decodeCustomer decodes a stored record. The customer's strings share one
// copy of v, so nothing refers to v (memory of the transaction) afterwards.
func decodeCustomer(v []byte) (*sandbox.Customer, error) {
	c := new(sandbox.Customer)
	if len(v) > 0 && v[0] == '{' {
		if err := json.Unmarshal(v, c); err != nil {
			return nil, err
		}
		return c, nil
	}
	if len(v) == 0 || v[0] != codecVersion {
		return nil, errCorrupt
	}
	d := decoder{s: string(v[1:])}
	c.UserID = d.varint()
	for _, p := range [...]*string{&c.FirstName, &c.LastName, &c.Mobile, &c.Email, &c.ExternalID, &c.Type,
		&c.FraudStatus, &c.FraudReason, &c.FraudModified, &c.RegisteredOn, &c.UpdatedOn, &c.RegisteredBy,
		&c.RegisteredTill, &c.AssociatedWith} {
		*p = d.string()
	}
	c.CustomFields = d.fields()
	c.ExtendedFields = d.fields()
	if n := d.count(3); n > 0 {
		c.Subscriptions = make([]sandbox.Subscription, n)
		for i := range c.Subscriptions {
			c.Subscriptions[i] = sandbox.Subscription{Channel: d.string(), Priority: d.string(), Status: d.string()}
		}
	}
	if d.byte() == 1 {
		c.Loyalty = d.loyalty()
	}
	if d.err != nil || d.off != len(d.s) {
		return nil, errCorrupt
	}
	return c, nil
}

// decoder reads a record; after the first error every read returns zero.
type decoder struct {
	s   string
	off int
	err error
}

func (d *decoder) fail() { d.err, d.off = errCorrupt, len(d.s) }

func (d *decoder) uvarint() uint64 {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.off >= len(d.s) {
			break
		}
		b := d.s[d.off]
		d.off++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	d.fail()
	return 0
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) byte() byte {
	if d.off >= len(d.s) {
		d.fail()
		return 0
	}
	d.off++
	return d.s[d.off-1]
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.off) {
		d.fail()
		return ""
	}
	s := d.s[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

// count reads a list length whose items take at least min bytes each.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64((len(d.s)-d.off)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) fields() []sandbox.Field {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	fs := make([]sandbox.Field, n)
	for i := range fs {
		fs[i] = sandbox.Field{Name: d.string(), Value: d.string()}
	}
	return fs
}

func (d *decoder) loyalty() *sandbox.Loyalty {
	l := &sandbox.Loyalty{ProgramID: d.string(), Slab: int(d.varint()), TierExpiry: d.string()}
	for _, p := range [...]*float64{&l.LifetimePoints, &l.LoyaltyPoints, &l.LifetimePurchases, &l.Redeemed,
		&l.Expired, &l.Returned, &l.Adjusted} {
		*p = math.Float64frombits(d.uvarint())
	}
	return l
}
