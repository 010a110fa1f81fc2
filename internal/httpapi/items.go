package httpapi

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// customerItems returns root.customer as a list: an array, or a single
// object as a batch of one (docs/VENDOR.md, The add request).
func customerItems(doc any) ([]map[string]any, error) {
	root, ok := asMap(doc)["root"]
	if !ok {
		return nil, Fail(sandbox.StatusBadInput, "root is missing")
	}
	cust, ok := asMap(root)["customer"]
	if !ok {
		return nil, Fail(sandbox.StatusBadInput, "root.customer is missing")
	}
	var list []any
	switch v := cust.(type) {
	case []any:
		list = v
	case map[string]any:
		list = []any{v}
	default:
		return nil, Fail(sandbox.StatusBadInput, "root.customer must be an array of customers or one customer object")
	}
	if len(list) == 0 {
		return nil, Fail(sandbox.StatusBadInput, "root.customer is empty")
	}
	out := make([]map[string]any, len(list))
	for i, it := range list {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, Fail(sandbox.StatusBadInput, "root.customer[%d] must be an object", i)
		}
		out[i] = m
	}
	return out, nil
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// str renders a scalar the way the vendor reads it: strings as they are,
// numbers in their literal form, booleans as true/false; anything else "".
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// list returns a value that may be an array or a single object as a list
// of objects (XML clients send one <field> as an object).
func list(v any) []map[string]any {
	switch x := v.(type) {
	case []any:
		out := make([]map[string]any, 0, len(x))
		for _, it := range x {
			if m, ok := it.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	case map[string]any:
		return []map[string]any{x}
	}
	return nil
}

// itemInput reads one submitted customer (docs/VENDOR.md, The add request).
func itemInput(m map[string]any) sandbox.ItemInput {
	in := sandbox.ItemInput{
		Mobile: str(m["mobile"]), Email: str(m["email"]), ExternalID: str(m["external_id"]), ID: str(m["id"]),
		FirstName: str(m["firstname"]), LastName: str(m["lastname"]),
		RegisteredOn: str(m["registered_on"]), UpdatedOn: str(m["updated_on"]),
		RegisteredTill: str(m["registered_till"]), AssociatedWith: str(m["associated_with"]),
		Type: str(m["type"]), FraudStatus: str(asMap(m["fraud_status"])["status"]),
	}
	in.CustomFields = nameValues(asMap(m["custom_fields"])["field"])
	in.ExtendedFields = nameValues(asMap(m["extended_fields"])["field"])
	for _, s := range list(asMap(m["subscriptions"])["subscription"]) {
		in.Subscriptions = append(in.Subscriptions, sandbox.SubscriptionInput{Channel: str(s["channel"]),
			Priority: str(s["priority"]), Scope: str(s["scope"]), IsSubscribed: str(s["is_subscribed"])})
	}
	return in
}

func nameValues(v any) []sandbox.Field {
	var out []sandbox.Field
	for _, f := range list(v) {
		out = append(out, sandbox.Field{Name: str(f["name"]), Value: str(f["value"])})
	}
	return out
}

// problemDetail renders the first schema problem for a 400 message.
func problemDetail(path, msg string) string {
	if path == "" {
		path = "body"
	}
	return fmt.Sprintf("%s: %s", path, msg)
}
