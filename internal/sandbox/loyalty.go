package sandbox

import (
	"strconv"
	"strings"
	"time"
)

// SideEffect is one entry of a registration's side_effects (docs/VENDOR.md, Response).
type SideEffect struct {
	Kind string // "points", "coupon", "alternate_currency" or "slab"

	AwardedPoints, TotalPoints float64 // points

	CouponID                                      int64 // coupon
	CouponType, CouponCode, ValidTill, CouponDesc string

	CurrencyID, CurrencyName, CurrencyValue string // alternate_currency

	PrevSlab, NewSlab     string // slab
	PrevSlabNo, NewSlabNo int
}

// enrol puts a LOYALTY customer in the org's program at its first slab.
// The tier expires TierValidityYears after the day it entered the program
// (entered, a vendor timestamp: the registration, or the conversion from
// NON_LOYALTY), at 23:59:59, and stays fixed after.
func (r *itemRun) enrol(c *Customer, entered string) {
	p := r.e.Org.Program
	if p == nil || c.Loyalty != nil {
		return
	}
	base, err := r.e.Org.ParseTime(entered)
	if err != nil {
		base = r.now
	}
	c.Loyalty = &Loyalty{ProgramID: p.ID, Slab: 1, TierExpiry: r.e.endOfDay(base, p.TierValidityYears, 0)}
}

// endOfDay returns the vendor timestamp of 23:59:59 on the day years and
// days after t, in the org's zone.
func (e *Engine) endOfDay(t time.Time, years, days int) string {
	t = t.In(e.Org.loc()).AddDate(years, 0, days)
	return t.Format(DateLayout) + " 23:59:59"
}

// registrationEffects awards what the org grants a new loyalty customer:
// points (with any slab upgrade they reach), a coupon, alternate currency.
func (r *itemRun) registrationEffects(c *Customer) ([]SideEffect, error) {
	e := r.e
	se := &e.Org.SideEffects
	var out []SideEffect
	if se.Points > 0 && c.Loyalty != nil {
		l := c.Loyalty
		l.LifetimePoints += se.Points
		l.LoyaltyPoints += se.Points
		out = append(out, SideEffect{Kind: "points", AwardedPoints: se.Points, TotalPoints: l.LoyaltyPoints})
		if n := e.Org.Program.SlabFor(l.LifetimePoints); n > l.Slab {
			prev, _, _ := e.Org.Program.SlabInfo(l.Slab)
			next, _, _ := e.Org.Program.SlabInfo(n)
			out = append(out, SideEffect{Kind: "slab", PrevSlab: prev.Name, PrevSlabNo: l.Slab, NewSlab: next.Name, NewSlabNo: n})
			l.Slab = n
		}
	}
	if cp := se.Coupon; cp != nil {
		n, err := r.tx.Sequence("coupon")
		if err != nil {
			return nil, err
		}
		id := cp.FirstID + n - 1
		code := cp.Code
		if code == "" {
			code = couponCode(e.Seed, id)
		}
		out = append(out, SideEffect{Kind: "coupon", CouponID: id, CouponType: cp.Type, CouponCode: code,
			ValidTill: e.endOfDay(r.now, 0, cp.ValidDays), CouponDesc: cp.Description})
	}
	if ac := se.AlternateCurrency; ac != nil {
		out = append(out, SideEffect{Kind: "alternate_currency", CurrencyID: ac.Identifier, CurrencyName: ac.Name, CurrencyValue: ac.Value})
	}
	return out, nil
}

// couponCode derives an 8-character coupon code from the seed and the
// coupon id, so the same seed gives the same codes in any request order.
func couponCode(seed, id int64) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	x := uint64(seed)*0x9E3779B97F4A7C15 ^ uint64(id)
	var b [8]byte
	for i := range b {
		x ^= x >> 30
		x *= 0xBF58476D1CE4E5B9
		x ^= x >> 27
		x *= 0x94D049BB133111EB
		x ^= x >> 31
		b[i] = alphabet[x%uint64(len(alphabet))]
	}
	return string(b[:])
}

// Generate returns the n-th generated card number (n = 1, 2, ...):
// prefix, the zero-padded sequence offset+n-1, then a check digit (LUHN_ALGO,
// MOD7_ALGO) or the suffix (AUTO_INC), Length characters in all.
func (cc CardConfig) Generate(n int64) string {
	seq := strconv.FormatInt(cc.Offset+n-1, 10)
	tail := cc.Suffix
	if cc.Algo != "AUTO_INC" {
		tail = "?"
	}
	width := cc.Length - len(cc.Prefix) - len(tail)
	if pad := width - len(seq); pad > 0 {
		seq = strings.Repeat("0", pad) + seq
	}
	body := cc.Prefix + seq
	switch cc.Algo {
	case "LUHN_ALGO":
		return body + strconv.Itoa(luhnDigit(body))
	case "MOD7_ALGO":
		v, _ := strconv.ParseInt(seq, 10, 64)
		return body + strconv.FormatInt(v%7, 10)
	}
	return body + cc.Suffix
}

// luhnDigit is the Luhn check digit of the digits in s (others skipped).
func luhnDigit(s string) int {
	sum, double := 0, true
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < '0' || s[i] > '9' {
			continue
		}
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}
