package wire

import (
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// AppendJSON appends v as compact JSON to dst.
func (v Value) AppendJSON(dst []byte) []byte {
	switch v.Kind {
	case KindNull:
		return append(dst, "null"...)
	case KindString:
		return appendJSONString(dst, v.Text)
	case KindNumber, KindBool:
		return append(dst, v.Text...)
	case KindArray:
		dst = append(dst, '[')
		for i, it := range v.Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = it.AppendJSON(dst)
		}
		return append(dst, ']')
	}
	dst = append(dst, '{')
	for i := range v.Items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, v.Items[i].Key)
		dst = append(dst, ':')
		dst = v.Items[i].AppendJSON(dst)
	}
	return append(dst, '}')
}

// JSON returns v as compact JSON.
func (v Value) JSON() []byte { return v.AppendJSON(make([]byte, 0, 3072)) }

func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// XMLHeader starts every XML document capsandbox writes.
const XMLHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// XMLStyle is how empty elements are written.
type XMLStyle uint8

// The XML styles: XMLOpenClose writes an empty element as <name></name>
// and an empty list as nothing (the vendor's add/update documents);
// XMLSelfClosing writes both as <name /> (its customer/get documents,
// which keep empty lists such as <identifiers />).
const (
	XMLOpenClose XMLStyle = iota
	XMLSelfClosing
)

// appendXML appends v as the XML element name to dst. Object keys become
// child elements; an array becomes one element per item, each named name
// (the vendor's `<customers><customer>…</customer>…</customers>` form);
// null becomes an empty element, written in style.
func (v Value) appendXML(dst []byte, name string, style XMLStyle) []byte {
	if v.Kind == KindArray {
		if len(v.Items) == 0 && style == XMLSelfClosing {
			return appendEmptyElement(dst, name)
		}
		for _, it := range v.Items {
			dst = it.appendXML(dst, name, style)
		}
		return dst
	}
	if style == XMLSelfClosing && (v.Kind == KindNull || v.Kind != KindObject && v.Text == "" || v.Kind == KindObject && len(v.Items) == 0) {
		return appendEmptyElement(dst, name)
	}
	dst = append(dst, '<')
	dst = append(dst, name...)
	dst = append(dst, '>')
	switch v.Kind {
	case KindString, KindNumber, KindBool:
		dst = appendXMLText(dst, v.Text)
	case KindObject:
		for i := range v.Items {
			dst = v.Items[i].appendXML(dst, v.Items[i].Key, style)
		}
	}
	dst = append(dst, '<', '/')
	dst = append(dst, name...)
	return append(dst, '>')
}

func appendEmptyElement(dst []byte, name string) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	return append(dst, " />"...)
}

// XML returns the document v (an object with one key, e.g. "response") as
// an XML document.
func (v Value) XML() []byte { return v.AppendXMLDocument(make([]byte, 0, 4096)) }

// AppendXMLDocument appends what XML returns to dst.
func (v Value) AppendXMLDocument(dst []byte) []byte {
	return v.AppendXMLDocumentStyle(dst, XMLOpenClose)
}

// AppendXMLDocumentStyle is AppendXMLDocument with the given style of
// empty elements.
func (v Value) AppendXMLDocumentStyle(dst []byte, style XMLStyle) []byte {
	dst = append(dst, XMLHeader...)
	if v.Kind == KindObject && len(v.Items) == 1 {
		return v.Items[0].appendXML(dst, v.Items[0].Key, style)
	}
	return v.appendXML(dst, "response", style)
}

func appendXMLText(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		var esc string
		b := s[i]
		switch {
		case b == '&':
			esc = "&amp;"
		case b == '<':
			esc = "&lt;"
		case b == '>':
			esc = "&gt;"
		case b == '"':
			esc = "&#34;"
		case b == '\'':
			esc = "&#39;"
		case b < 0x20 && b != '\n' && b != '\t':
			esc = "\uFFFD"
		case b >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				esc = "\uFFFD"
				break
			}
			i += size
			continue
		default:
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, esc...)
		i++
		start = i
	}
	return append(dst, s[start:]...)
}
