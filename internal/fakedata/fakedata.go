// Package fakedata generates fake customers for an org. It is the only
// place capsandbox calls gofakeit, always from a generator seeded by the
// caller, so the same seed gives the same customers byte for byte.
package fakedata

import (
	"fmt"
	"strings"

	"github.com/brianvoe/gofakeit/v6"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Generator produces customers with valid, unique mobiles for the org's
// base country and unique e-mail addresses.
type Generator struct {
	f       *gofakeit.Faker
	org     *sandbox.Org
	mobiles map[string]bool
	n       int
}

// New returns a generator seeded with seed for org.
func New(seed int64, org *sandbox.Org) *Generator {
	return &Generator{f: gofakeit.New(seed), org: org, mobiles: map[string]bool{}}
}

// Customers returns the next n customers.
func (g *Generator) Customers(n int) []sandbox.ItemInput {
	out := make([]sandbox.ItemInput, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Next returns the next customer.
func (g *Generator) Next() sandbox.ItemInput {
	g.n++
	first, last := g.name(g.f.FirstName), g.name(g.f.LastName)
	return sandbox.ItemInput{
		Mobile:    g.mobile(),
		Email:     fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(last), g.n),
		FirstName: first,
		LastName:  last,
	}
}

// name keeps the letters of a generated name, so it passes the vendor's
// name rules and reads well in an e-mail address.
func (g *Generator) name(gen func() string) string {
	for {
		s := strings.Map(func(r rune) rune {
			if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
				return r
			}
			return -1
		}, gen())
		if s != "" {
			return s
		}
	}
}

// mobile returns an unused number: the base country code, then a national
// number of the country's first allowed length starting with 6–9, matching
// the country's pattern when it has one (within 1,000 tries).
func (g *Generator) mobile() string {
	c := g.org.BaseCountry
	length := 10
	if len(c.Lengths) > 0 {
		length = c.Lengths[0]
	}
	for try := 0; ; try++ {
		national := fmt.Sprintf("%d%s", g.f.IntRange(6, 9), g.f.Numerify(strings.Repeat("#", length-1)))
		if c.Pattern != nil && !c.Pattern.MatchString(national) && try < 1000 {
			continue // a pattern no number matches is given up on, not looped on
		}
		m := c.Code + national
		if !g.mobiles[m] {
			g.mobiles[m] = true
			return m
		}
	}
}
