package wire

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of objects/arrays (JSON) or elements
// (XML) a request body may have.
const MaxDepth = 32

// DecodeError describes why a body could not be decoded.
type DecodeError struct{ Reason string }

func (e *DecodeError) Error() string { return e.Reason }

func decodeErr(format string, args ...any) error {
	return &DecodeError{Reason: fmt.Sprintf(format, args...)}
}

// DecodeJSON decodes one JSON document. Numbers stay json.Number. It fails
// on invalid UTF-8, nesting deeper than MaxDepth, syntax errors and data
// after the document.
func DecodeJSON(body []byte) (any, error) {
	return DecodeJSONString(string(body))
}

// DecodeJSONString is DecodeJSON of a body held as a string; the strings
// of the result share its memory.
func DecodeJSONString(body string) (any, error) {
	if !utf8.ValidString(body) {
		return nil, decodeErr("body is not valid UTF-8")
	}
	if v, ok := parseJSON(body); ok {
		return v, nil
	}
	return decodeJSONStd([]byte(body))
}

// decodeJSONStd decodes with encoding/json, which words the errors.
func decodeJSONStd(body []byte) (any, error) {
	if d := jsonDepth(body); d > MaxDepth {
		return nil, decodeErr("body nests deeper than %d levels", MaxDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, decodeErr("body is empty")
		}
		return nil, decodeErr("malformed JSON: %s", jsonErrText(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, decodeErr("malformed JSON: data after the top-level value")
	}
	return v, nil
}

func jsonErrText(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s at byte %d", se.Error(), se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of body"
	}
	return err.Error()
}

// jsonDepth returns the deepest bracket nesting of a JSON text, ignoring
// brackets inside strings.
func jsonDepth(b []byte) int {
	depth, max, inStr, esc := 0, 0, false, false
	for _, c := range b {
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr && c == '"':
			inStr = false
		case inStr:
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
			if depth > max {
				max = depth
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return max
}

// DecodeXML decodes an XML document into the same generic form DecodeJSON
// produces: {rootName: content}, where an element with child elements is a
// map, a repeated child name becomes a []any, and a leaf is its trimmed
// text. Attributes are ignored. DTDs (and so entity definitions and
// expansion), unknown entities, invalid UTF-8 and nesting deeper than
// MaxDepth are refused.
func DecodeXML(body []byte) (any, error) {
	if !utf8.Valid(body) {
		return nil, decodeErr("body is not valid UTF-8")
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	dec.Entity = nil
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") {
			return r, nil
		}
		return nil, decodeErr("unsupported XML encoding %q (use UTF-8)", label)
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, decodeErr("body has no XML element")
			}
			return nil, xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, decodeErr("XML DTDs and entity declarations are not accepted")
		case xml.StartElement:
			v, err := decodeElement(dec, 1)
			if err != nil {
				return nil, err
			}
			if err := xmlTrailer(dec); err != nil {
				return nil, err
			}
			return map[string]any{t.Name.Local: v}, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, decodeErr("malformed XML: text outside the root element")
			}
		}
	}
}

func xmlErr(err error) error {
	var de *DecodeError
	if errors.As(err, &de) {
		return err
	}
	return decodeErr("malformed XML: %v", err)
}

func xmlTrailer(dec *xml.Decoder) error {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return decodeErr("malformed XML: data after the root element")
			}
		case xml.Comment, xml.ProcInst:
		default:
			return decodeErr("malformed XML: data after the root element")
		}
	}
}

// decodeElement reads the content of an element whose start tag has just
// been read, up to and including its end tag.
func decodeElement(dec *xml.Decoder, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, decodeErr("body nests deeper than %d levels", MaxDepth)
	}
	var text strings.Builder
	var children map[string]any
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, decodeErr("XML DTDs and entity declarations are not accepted")
		case xml.CharData:
			text.Write(t)
		case xml.StartElement:
			v, err := decodeElement(dec, depth+1)
			if err != nil {
				return nil, err
			}
			if children == nil {
				children = map[string]any{}
			}
			addChild(children, t.Name.Local, v)
		case xml.EndElement:
			if children != nil {
				return children, nil
			}
			return strings.TrimSpace(text.String()), nil
		}
	}
}

func addChild(m map[string]any, name string, v any) {
	prev, ok := m[name]
	if !ok {
		m[name] = v
		return
	}
	if list, ok := prev.([]any); ok {
		m[name] = append(list, v)
		return
	}
	m[name] = []any{prev, v}
}
