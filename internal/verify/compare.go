package verify

import (
	"fmt"
	"strings"
)

// Difference is one way a replayed answer differs from the recorded one.
type Difference struct {
	// Path is where: "status", "header:Name", "body", or a JSON path
	// ($.response.status.code) into the body, JSON or XML alike.
	Path string `json:"path"`
	// Kind is status, header, body, type, value, format, missing, extra,
	// order or length.
	Kind     string `json:"kind"`
	Recorded string `json:"recorded,omitempty"`
	Replayed string `json:"replayed,omitempty"`
}

// String renders the difference for the text report.
func (d Difference) String() string {
	switch d.Kind {
	case "missing":
		return fmt.Sprintf("%s: missing in the replay (recorded %s)", d.Path, d.Recorded)
	case "extra":
		return fmt.Sprintf("%s: not in the recording (replayed %s)", d.Path, d.Replayed)
	case "order":
		return fmt.Sprintf("%s: keys in another order: recorded %s, replayed %s", d.Path, d.Recorded, d.Replayed)
	case "length":
		return fmt.Sprintf("%s: recorded %s items, replayed %s", d.Path, d.Recorded, d.Replayed)
	case "type", "format":
		return fmt.Sprintf("%s: %s differs: recorded %s, replayed %s", d.Path, d.Kind, d.Recorded, d.Replayed)
	}
	return fmt.Sprintf("%s: recorded %s, replayed %s", d.Path, d.Recorded, d.Replayed)
}

// comparer walks two trees and collects differences.
type comparer struct {
	ign  *ignorer
	diff []Difference
}

func (c *comparer) add(p path, kind, rec, rep string) {
	c.diff = append(c.diff, Difference{Path: p.String(), Kind: kind, Recorded: rec, Replayed: rep})
}

func (c *comparer) node(p path, rec, rep *node) {
	if rec.kind != rep.kind {
		c.add(p, "type", rec.typed(), rep.typed())
		return
	}
	if c.ign.body(p) {
		if rf, pf := formatOf(rec), formatOf(rep); rf != pf {
			c.add(p, "format", rec.literal()+" ("+rf+")", rep.literal()+" ("+pf+")")
		}
		return
	}
	switch rec.kind {
	case kObject:
		c.object(p, rec, rep)
	case kArray:
		c.list(p, rec, rep)
	default:
		if rec.text != rep.text {
			c.add(p, "value", rec.literal(), rep.literal())
		}
	}
}

func (c *comparer) list(p path, rec, rep *node) {
	if len(rec.items) != len(rep.items) {
		c.add(p, "length", fmt.Sprint(len(rec.items)), fmt.Sprint(len(rep.items)))
	}
	for i := 0; i < min(len(rec.items), len(rep.items)); i++ {
		c.node(p.index(i), rec.items[i], rep.items[i])
	}
}

// member is an object key with its occurrence number (XML repeats
// elements; JSON keys occur once).
type member struct {
	key string
	occ int
}

func members(n *node) ([]member, map[member]*node, map[string]int) {
	count := map[string]int{}
	ms := make([]member, len(n.keys))
	vals := make(map[member]*node, len(n.keys))
	for i, k := range n.keys {
		ms[i] = member{k, count[k]}
		vals[ms[i]] = n.vals[i]
		count[k]++
	}
	return ms, vals, count
}

func (c *comparer) object(p path, rec, rep *node) {
	rm, rv, rc := members(rec)
	qm, qv, qc := members(rep)
	at := func(m member) path {
		if rc[m.key] > 1 || qc[m.key] > 1 {
			return p.key(m.key).index(m.occ)
		}
		return p.key(m.key)
	}
	var commonRec, commonRep []string
	for _, m := range rm {
		if _, ok := qv[m]; ok {
			commonRec = append(commonRec, m.key)
		}
	}
	for _, m := range qm {
		if _, ok := rv[m]; ok {
			commonRep = append(commonRep, m.key)
		}
	}
	if strings.Join(commonRec, ",") != strings.Join(commonRep, ",") {
		c.add(p, "order", "["+strings.Join(rec.keys, ",")+"]", "["+strings.Join(rep.keys, ",")+"]")
	}
	for _, m := range rm {
		if q, ok := qv[m]; ok {
			c.node(at(m), rv[m], q)
		} else {
			c.add(at(m), "missing", rv[m].literal(), "")
		}
	}
	for _, m := range qm {
		if _, ok := rv[m]; !ok {
			c.add(at(m), "extra", "", qv[m].literal())
		}
	}
}
