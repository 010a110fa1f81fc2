package wire_test

import (
	"testing"

	"github.com/capsandbox/capsandbox/internal/wire"
	"pgregory.net/rapid"
)

// writeTree writes v into d member by member, as the views do.
func writeTree(d *wire.Doc, key string, v wire.Value) {
	switch v.Kind {
	case wire.KindObject, wire.KindArray:
		if v.Kind == wire.KindObject {
			d.Object(key)
		} else {
			d.Array(key)
		}
		for _, it := range v.Items {
			writeTree(d, it.Key, it)
		}
		d.End()
	case wire.KindString:
		d.String(key, v.Text)
	default:
		d.Value(key, v)
	}
}

func genValue(depth int) *rapid.Generator[wire.Value] {
	return rapid.Custom(func(t *rapid.T) wire.Value {
		kind := rapid.IntRange(0, 5).Draw(t, "kind")
		if depth == 0 {
			kind %= 4
		}
		switch kind {
		case 0:
			return wire.Null()
		case 1:
			return wire.String(rapid.String().Draw(t, "s"))
		case 2:
			return wire.Int(rapid.Int64().Draw(t, "n"))
		case 3:
			return wire.Bool(rapid.Bool().Draw(t, "b"))
		}
		n := rapid.IntRange(0, 4).Draw(t, "len")
		if kind == 4 {
			o := wire.Object(n)
			for range n {
				o.Add(rapid.String().Draw(t, "key"), genValue(depth-1).Draw(t, "member"))
			}
			return o
		}
		items := make([]wire.Value, n)
		for i := range items {
			items[i] = genValue(depth-1).Draw(t, "item")
		}
		return wire.Array(items...)
	})
}

// TestDocWritesWhatTheTreeWrites holds the JSON Doc to the tree's
// encoders: for any document, written member by member (leaves as
// strings or whole values), the JSON Doc's bytes are the tree's JSON, and
// the tree Doc rebuilds a tree with the same JSON and XML.
func TestDocWritesWhatTheTreeWrites(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genValue(4).Draw(t, "doc")
		j := wire.NewJSONDoc(nil)
		writeTree(j, "", v)
		if got, want := string(j.Bytes()), string(v.JSON()); got != want {
			t.Fatalf("JSON Doc wrote\n%s\nthe tree writes\n%s", got, want)
		}
		tr := wire.NewTreeDoc()
		writeTree(tr, "", v)
		if got, want := string(tr.Tree().JSON()), string(v.JSON()); got != want {
			t.Fatalf("tree Doc's JSON\n%s\nwant\n%s", got, want)
		}
		for _, style := range []wire.XMLStyle{wire.XMLOpenClose, wire.XMLSelfClosing} {
			got := string(tr.Tree().AppendXMLDocumentStyle(nil, style))
			if want := string(v.AppendXMLDocumentStyle(nil, style)); got != want {
				t.Fatalf("tree Doc's XML (style %d)\n%s\nwant\n%s", style, got, want)
			}
		}
	})
}

// TestDocListEnvelope writes the vendor's list envelope and a whole value.
func TestDocListEnvelope(t *testing.T) {
	d := wire.NewJSONDoc(nil)
	d.Object("")
	d.List("customers", "customer")
	d.Object("ignored: an array element has no key")
	d.String("mobile", "91\"9")
	d.End()
	d.Value("", sample())
	d.End()
	d.End()
	d.Array("empty")
	d.End()
	d.End()
	want := `{"customers":{"customer":[{"mobile":"91\"9"},` + string(sample().JSON()) + `]},"empty":[]}`
	if got := string(d.Bytes()); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
