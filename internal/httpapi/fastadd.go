package httpapi

import "github.com/capsandbox/capsandbox/internal/sandbox"

// fastAddItems reads a JSON customer/add body of the common shape straight
// into the engine's input, without the generic values, the schema check
// and the conversion (customerItems, itemInput) the other bodies take. It
// accepts only what that path surely accepts and reads the same way:
//
//	{"root":{"customer":[{…}, …]}}   (or one customer object)
//
// each customer an object of string members among the keys below, with
// custom_fields / extended_fields as {"field":[{"name":…,"value":…}, …]}
// (or one field object); strings of printable ASCII without escapes. For
// anything else — another key or type, null, a number, an escape, a
// non-ASCII byte, a repeated root or customer key, trailing data — it
// reports false and the caller takes the generic path, which also words
// any error. TestFastAddAgrees holds it to that path.
func fastAddItems(body string) ([]sandbox.ItemInput, bool) {
	p := scanner{s: body}
	var items []sandbox.ItemInput
	ok := p.single("root", func() bool {
		return p.single("customer", func() bool {
			if p.space(); p.peek() != '[' {
				in, ok := p.customer()
				items = append(items, in)
				return ok
			}
			return p.array(func() bool {
				in, ok := p.customer()
				items = append(items, in)
				return ok
			}) && len(items) > 0
		})
	})
	p.space()
	return items, ok && p.i == len(p.s)
}

// scanner walks a JSON text for fastAddItems.
type scanner struct {
	s string
	i int
}

func (p *scanner) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *scanner) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// expect consumes c after optional space.
func (p *scanner) expect(c byte) bool {
	p.space()
	if p.peek() != c {
		return false
	}
	p.i++
	return true
}

// str reads a string of printable ASCII without escapes.
func (p *scanner) str() (string, bool) {
	if !p.expect('"') {
		return "", false
	}
	start := p.i
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return p.s[start : p.i-1], true
		case c == '\\' || c < 0x20 || c >= 0x7f:
			return "", false
		}
	}
	return "", false
}

// object reads an object, calling member for each key with the scanner at
// its value; member consumes the value.
func (p *scanner) object(member func(key string) bool) bool {
	if !p.expect('{') {
		return false
	}
	if p.space(); p.peek() == '}' {
		p.i++
		return true
	}
	for {
		key, ok := p.str()
		if !ok || !p.expect(':') || !member(key) {
			return false
		}
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return true
		default:
			return false
		}
	}
}

// single reads an object whose only member is key.
func (p *scanner) single(key string, value func() bool) bool {
	n := 0
	return p.object(func(k string) bool {
		n++
		return k == key && n == 1 && value()
	}) && n == 1
}

// array reads an array, calling item for each element.
func (p *scanner) array(item func() bool) bool {
	if !p.expect('[') {
		return false
	}
	if p.space(); p.peek() == ']' {
		p.i++
		return true
	}
	for {
		if !item() {
			return false
		}
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return true
		default:
			return false
		}
	}
}

// customer reads one customer object. A repeated key keeps its last value,
// as the generic path's map does.
func (p *scanner) customer() (sandbox.ItemInput, bool) {
	var in sandbox.ItemInput
	ok := p.object(func(key string) bool {
		if key == "custom_fields" || key == "extended_fields" {
			fs, ok := p.fieldSet()
			if key == "custom_fields" {
				in.CustomFields = fs
			} else {
				in.ExtendedFields = fs
			}
			return ok
		}
		v, ok := p.str()
		switch key {
		case "mobile":
			in.Mobile = v
		case "email":
			in.Email = v
		case "external_id":
			in.ExternalID = v
		case "id":
			in.ID = v
		case "firstname":
			in.FirstName = v
		case "lastname":
			in.LastName = v
		case "registered_on":
			in.RegisteredOn = v
		case "updated_on":
			in.UpdatedOn = v
		case "registered_till":
			in.RegisteredTill = v
		case "associated_with":
			in.AssociatedWith = v
		case "type":
			in.Type = v
		case "source", "accountId", "card_number", "series_code", "referral_code":
			// strings the schema checks and the engine does not read
		default:
			return false
		}
		return ok
	})
	return in, ok
}

// fieldSet reads {"field":[{"name":…,"value":…}, …]} or {"field":{…}}.
func (p *scanner) fieldSet() ([]sandbox.Field, bool) {
	var out []sandbox.Field
	ok := p.single("field", func() bool {
		if p.space(); p.peek() != '[' {
			f, ok := p.field()
			out = append(out, f)
			return ok
		}
		return p.array(func() bool {
			f, ok := p.field()
			out = append(out, f)
			return ok
		})
	})
	return out, ok
}

func (p *scanner) field() (sandbox.Field, bool) {
	var f sandbox.Field
	ok := p.object(func(key string) bool {
		v, ok := p.str()
		switch key {
		case "name":
			f.Name = v
		case "value":
			f.Value = v
		default:
			return false
		}
		return ok
	})
	return f, ok
}
