package schema

import (
	"encoding/json"
	"io/fs"
	"sort"
	"testing"

	"github.com/capsandbox/capsandbox/schemas"
	"github.com/xeipuuv/gojsonschema"
	"pgregory.net/rapid"
)

// requestSchemas are the schemas Validate checks on every request; each
// must have a fast checker.
var requestSchemas = []string{AddRequest, UpdateRequest}

func TestFastCheckerCompiles(t *testing.T) {
	for _, name := range requestSchemas {
		raw, err := fs.ReadFile(schemas.FS, name+fileSuffix)
		if err != nil {
			t.Fatal(err)
		}
		if compileFast(raw) == nil {
			t.Errorf("%s: no fast checker; a keyword outside the subset crept in", name)
		}
	}
	if compileFast([]byte(`{"type":"string","pattern":"^a"}`)) != nil {
		t.Error("a schema with an unsupported keyword got a fast checker")
	}
}

// TestFastAgreesWithGojsonschema mutates valid requests at random: when
// the fast checker is sure, gojsonschema must agree.
func TestFastAgreesWithGojsonschema(t *testing.T) {
	s := mustLoad(t)
	bases := []any{decode(t, sampleAdd), decode(t, `{"root":{"customer":{"mobile":"91"}}}`)}
	for _, name := range requestSchemas {
		_, f, _ := s.items[name].compiled()
		rapid.Check(t, func(rt *rapid.T) {
			doc := clone(t, bases[rapid.IntRange(0, len(bases)-1).Draw(rt, "base")])
			for range rapid.IntRange(0, 3).Draw(rt, "mutations") {
				doc = mutateRandom(rt, doc)
			}
			fastSays := f.check(doc)
			res, err := s.schema(name).Validate(gojsonschema.NewRawLoader(doc))
			if err != nil {
				rt.Fatal(err)
			}
			if fastSays != unsure && (fastSays == valid) != res.Valid() {
				raw, _ := json.Marshal(doc)
				rt.Fatalf("%s: fast says %v, gojsonschema valid=%v %v for %s", name, fastSays, res.Valid(), res.Errors(), raw)
			}
		})
	}
}

// sampleAdd exercises every branch of the request schema.
const sampleAdd = `{"root":{"customer":[{"mobile":"919876543210","email":"a@example.com","external_id":"X1",
 "firstname":"A","lastname":"B","type":"LOYALTY","fraud_status":{"status":"NONE"},
 "custom_fields":{"field":[{"name":"a","value":"1"},{"name":"b","value":2}]},
 "extended_fields":{"field":{"name":"gender","value":"Female"}},
 "subscriptions":{"subscription":[{"channel":"SMS","priority":"TRANS","is_subscribed":1}]},
 "commChannels":[{"type":"mobile","value":"919876543210","primary":true,"meta":{"residence":"true"}}],
 "card_details":{"card_number":"C1"}},{"mobile":919876543211,"subscriptions":""}]}}`

// mutateRandom replaces, deletes or wraps one value somewhere in doc.
func mutateRandom(t *rapid.T, doc any) any {
	paths := allPaths(doc, nil)
	path := paths[rapid.IntRange(0, len(paths)-1).Draw(t, "path")]
	val := randomValue(t, 2)
	return replaceAt(doc, path, func(old any) (any, bool) {
		switch rapid.IntRange(0, 3).Draw(t, "op") {
		case 0:
			return nil, false // delete
		case 1:
			return []any{old}, true // wrap in a list
		}
		return val, true
	})
}

func allPaths(v any, prefix []any) [][]any {
	out := [][]any{prefix}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, allPaths(x[k], append(append([]any(nil), prefix...), k))...)
		}
	case []any:
		for i, e := range x {
			out = append(out, allPaths(e, append(append([]any(nil), prefix...), i))...)
		}
	}
	return out
}

func replaceAt(v any, path []any, f func(any) (any, bool)) any {
	if len(path) == 0 {
		nv, keep := f(v)
		if !keep {
			return map[string]any{}
		}
		return nv
	}
	switch x := v.(type) {
	case map[string]any:
		k := path[0].(string)
		if len(path) == 1 {
			if nv, keep := f(x[k]); keep {
				x[k] = nv
			} else {
				delete(x, k)
			}
			return x
		}
		x[k] = replaceAt(x[k], path[1:], f)
	case []any:
		i := path[0].(int)
		if len(path) == 1 {
			if nv, keep := f(x[i]); keep {
				x[i] = nv
			} else {
				return append(x[:i:i], x[i+1:]...)
			}
			return x
		}
		x[i] = replaceAt(x[i], path[1:], f)
	}
	return v
}

// randomValue draws any JSON value in normalize's form, with numbers in
// every lexical shape and the request's own key names.
func randomValue(t *rapid.T, depth int) any {
	kinds := 6
	if depth > 0 {
		kinds = 8
	}
	switch rapid.IntRange(0, kinds-1).Draw(t, "kind") {
	case 0:
		return rapid.SampledFrom([]string{"", "x", "919876543210", "é"}).Draw(t, "s")
	case 1:
		return json.Number(rapid.SampledFrom([]string{"0", "-3", "12", "1.0", "1.5", "1e2", "-0"}).Draw(t, "n"))
	case 2:
		return rapid.Bool().Draw(t, "b")
	case 3:
		return nil
	case 4:
		return map[string]any{}
	case 5:
		return []any{}
	case 6:
		keys := []string{"root", "customer", "mobile", "field", "name", "value", "status", "subscription", "is_subscribed", "meta", "primary"}
		m := map[string]any{}
		for range rapid.IntRange(1, 3).Draw(t, "n") {
			m[rapid.SampledFrom(keys).Draw(t, "k")] = randomValue(t, depth-1)
		}
		return m
	}
	var a []any
	for range rapid.IntRange(0, 2).Draw(t, "n") {
		a = append(a, randomValue(t, depth-1))
	}
	return append([]any{}, a...)
}
