package wire_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/wire"
)

func sample() wire.Value {
	o := wire.Object(6)
	o.Add("s", wire.String("a\"b\\c\n\t<&>é\x01")).
		Add("n", wire.Int(-12)).
		Add("f", wire.Float(26447.104)).
		Add("whole", wire.Float(100)).
		Add("b", wire.Bool(false)).
		Add("z", wire.Null()).
		Add("list", wire.Wrap("item", wire.Array(wire.String("1"), wire.String("2")))).
		Add("empty", wire.Wrap("item", wire.Array()))
	return wire.Wrap("response", o)
}

func TestJSONKeepsOrderAndTypes(t *testing.T) {
	got := string(sample().JSON())
	want := `{"response":{"s":"a\"b\\c\n\t<&>é\u0001","n":-12,"f":26447.104,"whole":100,"b":false,"z":null,"list":{"item":["1","2"]},"empty":{"item":[]}}}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	var v any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatalf("not valid JSON: %v", err)
	}
	if bad := string(wire.String("x\xffy").JSON()); bad != `"x\ufffdy"` {
		t.Errorf("invalid UTF-8 written as %s", bad)
	}
}

func TestXML(t *testing.T) {
	got := string(sample().XML())
	want := wire.XMLHeader + `<response><s>a&#34;b\c` + "\n\t" + `&lt;&amp;&gt;é` + "\uFFFD" + `</s><n>-12</n><f>26447.104</f><whole>100</whole><b>false</b><z></z><list><item>1</item><item>2</item></list><empty></empty></response>`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestDecodeJSON(t *testing.T) {
	v, err := wire.DecodeJSON([]byte(`{"root":{"customer":[{"mobile":919876543210}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)["root"].(map[string]any)["customer"].([]any)[0].(map[string]any)
	if n, ok := m["mobile"].(json.Number); !ok || n.String() != "919876543210" {
		t.Errorf("mobile decoded as %#v", m["mobile"])
	}
	for _, bad := range []string{``, `{`, `{} {}`, "{\"a\":\"\xff\"}", strings.Repeat("[", 33) + strings.Repeat("]", 33)} {
		if _, err := wire.DecodeJSON([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := wire.DecodeJSON([]byte(`{"s":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}`)); err != nil {
		t.Errorf("brackets inside a string counted as nesting: %v", err)
	}
}

func TestDecodeXML(t *testing.T) {
	v, err := wire.DecodeXML([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<root><customer><mobile> 919876543210 </mobile><custom_fields><field><name>a</name><value>1</value></field></custom_fields></customer>
<customer><email>x@example.com</email></customer></root>`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(v)
	want := `{"root":{"customer":[{"custom_fields":{"field":{"name":"a","value":"1"}},"mobile":"919876543210"},{"email":"x@example.com"}]}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{``, `<root>`, `<root/><x/>`, `text<root/>`, `<!DOCTYPE r [<!ENTITY e "x">]><root>&e;</root>`,
		`<root>&unknown;</root>`, `<?xml version="1.0" encoding="latin1"?><root/>`, "<root>\xff</root>",
		strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40)} {
		if _, err := wire.DecodeXML([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestXMLStyles: the vendor's add/update documents write an empty element
// as <a></a> and an empty list as nothing; its get documents write both as
// <a /> (an empty wrapper keeps an empty child: <f><field /></f>).
func TestXMLStyles(t *testing.T) {
	doc := wire.Object(5)
	doc.Add("s", wire.String("")).Add("n", wire.Null()).Add("l", wire.Array()).Add("f", wire.Wrap("field", wire.Array())).Add("x", wire.String("1"))
	root := wire.Wrap("response", doc)
	open := string(root.AppendXMLDocumentStyle(nil, wire.XMLOpenClose))
	self := string(root.AppendXMLDocumentStyle(nil, wire.XMLSelfClosing))
	if want := wire.XMLHeader + "<response><s></s><n></n><f></f><x>1</x></response>"; open != want {
		t.Errorf("open-close:\n got %s\nwant %s", open, want)
	}
	if want := wire.XMLHeader + "<response><s /><n /><l /><f><field /></f><x>1</x></response>"; self != want {
		t.Errorf("self-closing:\n got %s\nwant %s", self, want)
	}
	if string(root.XML()) != open {
		t.Errorf("XML() is not the open-close style")
	}
}
