package wire

// Doc receives a document member by member, in order, and either appends
// it as compact JSON straight to a buffer (NewJSONDoc: no tree is built)
// or builds the Value tree (NewTreeDoc: for XML and for anything that
// inspects the document). The JSON it appends is byte for byte what the
// tree's AppendJSON writes.
//
// Every method takes the member's key; inside an array the key is
// ignored, as the tree's encoders ignore the keys of array elements.
type Doc struct {
	tree bool
	// JSON: the output, whether the open container holds a value already,
	// and the open containers (true = object).
	buf    []byte
	filled bool
	open   []bool
	// tree: the open containers; stack[0] holds the document.
	stack []Value
}

// NewJSONDoc returns a Doc that appends JSON to dst (see Bytes).
func NewJSONDoc(dst []byte) *Doc {
	return &Doc{buf: dst, open: make([]bool, 0, 16)}
}

// NewTreeDoc returns a Doc that builds a tree (see Tree).
func NewTreeDoc() *Doc {
	return &Doc{tree: true, stack: make([]Value, 1, 16)}
}

// Bytes returns the JSON appended so far.
func (d *Doc) Bytes() []byte { return d.buf }

// Tree returns the document built (the first value given at the top).
func (d *Doc) Tree() Value {
	if len(d.stack[0].Items) == 0 {
		return Value{}
	}
	return d.stack[0].Items[0]
}

// member starts a JSON member: the comma and, in an object, the key.
func (d *Doc) member(key string) {
	if d.filled {
		d.buf = append(d.buf, ',')
	}
	if n := len(d.open); n > 0 && d.open[n-1] {
		d.buf = appendJSONString(d.buf, key)
		d.buf = append(d.buf, ':')
	}
	d.filled = true
}

// add appends a finished value to the open tree container.
func (d *Doc) add(key string, v Value) {
	top := &d.stack[len(d.stack)-1]
	if top.Kind == KindObject {
		v.Key = key
	}
	top.Items = append(top.Items, v)
}

// Object opens an object; End closes it.
func (d *Doc) Object(key string) { d.begin(key, KindObject) }

// Array opens an array; End closes it.
func (d *Doc) Array(key string) { d.begin(key, KindArray) }

func (d *Doc) begin(key string, k Kind) {
	if d.tree {
		v := Value{Kind: k, Items: []Value{}}
		if top := d.stack[len(d.stack)-1]; top.Kind == KindObject {
			v.Key = key
		}
		d.stack = append(d.stack, v)
		return
	}
	d.member(key)
	if k == KindObject {
		d.buf = append(d.buf, '{')
	} else {
		d.buf = append(d.buf, '[')
	}
	d.open = append(d.open, k == KindObject)
	d.filled = false
}

// End closes the innermost open object or array.
func (d *Doc) End() {
	if d.tree {
		v := d.stack[len(d.stack)-1]
		d.stack = d.stack[:len(d.stack)-1]
		d.add(v.Key, v)
		return
	}
	n := len(d.open) - 1
	if d.open[n] {
		d.buf = append(d.buf, '}')
	} else {
		d.buf = append(d.buf, ']')
	}
	d.open = d.open[:n]
	d.filled = true
}

// Value adds v, a whole value (a tree, or a leaf from String, Int, ...).
func (d *Doc) Value(key string, v Value) {
	if d.tree {
		d.add(key, v)
		return
	}
	d.member(key)
	d.buf = v.AppendJSON(d.buf)
}

// String adds a JSON string.
func (d *Doc) String(key, s string) {
	if d.tree {
		d.add(key, String(s))
		return
	}
	d.member(key)
	d.buf = appendJSONString(d.buf, s)
}

// List opens {key: {inner: [ — the vendor's envelope of a list
// ("customers": {"customer": [...]}); close it with End twice.
func (d *Doc) List(key, inner string) {
	d.Object(key)
	d.Array(inner)
}
