package control_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/server"
)

func TestInsertCustomerThenVendorSeesIt(t *testing.T) {
	e := newEnv(t, server.Options{})
	var got control.CustomerList
	e.call(http.MethodPost, "/__sandbox/customers?namespace=arr", `{
		"mobile": "919800000030", "email": "Gold@Example.com", "firstname": "Gita",
		"registered_on": "2020-01-02 03:04:05",
		"custom_fields": {"City_name": "Pune"},
		"loyalty": {"lifetime_points": 1500, "loyalty_points": 1200}}`, http.StatusCreated, &got)
	c := got.Customers[0]
	if got.Total != 1 || c.UserID == 0 || c.Email != "gold@example.com" || c.RegisteredOn != "2020-01-02 03:04:05" ||
		c.CustomFields["City_name"] != "Pune" || c.Loyalty == nil || c.Loyalty.Slab != 2 || c.Loyalty.SlabName != "Bronze" {
		t.Fatalf("inserted = %+v (loyalty %+v)", got, c.Loyalty)
	}
	rec := e.do(http.MethodGet, "/v1.1/customer/get?format=json&mobile=919800000030", "",
		"Authorization: "+till1Auth, "X-Sandbox-Namespace: arr")
	for _, want := range []string{`"loyalty_points":1200`, `"lifetime_points":1500`, `"current_slab":"Bronze"`, `"registered_on":"2020-01-02 03:04:05"`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("customer/get lacks %s: %s", want, rec.Body)
		}
	}
}

func TestInsertNonLoyaltyThenUpgrade(t *testing.T) {
	e := newEnv(t, server.Options{})
	var got control.CustomerList
	e.call(http.MethodPost, "/__sandbox/customers", `[{"mobile": "919800000031", "type": "NON_LOYALTY"}]`, http.StatusCreated, &got)
	if c := got.Customers[0]; c.Type != "NON_LOYALTY" || c.Loyalty != nil {
		t.Fatalf("inserted = %+v", c)
	}
	rec := e.add("default", `{"root":{"customer":[{"mobile":"919800000031","type":"LOYALTY"}]}}`)
	if !strings.Contains(rec.Body.String(), `"type":"LOYALTY"`) || !strings.Contains(rec.Body.String(), "Customer successfully updated") {
		t.Errorf("upgrade of the inserted customer: %s", rec.Body)
	}
}

func TestInsertCustomerRefusals(t *testing.T) {
	e := newEnv(t, server.Options{})
	e.call(http.MethodPost, "/__sandbox/customers", `{"mobile": "919800000032"}`, http.StatusCreated, nil)
	tests := []struct {
		name, body string
		want       int
		mention    string
	}{
		{"duplicate mobile", `{"mobile": "919800000032"}`, http.StatusConflict, "item error 1032"},
		{"batch with a duplicate inside", `[{"mobile": "919800000033"}, {"mobile": "919800000033"}]`, http.StatusConflict, "customer 1:"},
		{"invalid mobile", `{"mobile": "12"}`, http.StatusBadRequest, "item error 1001"},
		{"unknown custom field", `{"mobile": "919800000034", "custom_fields": {"nope": "x"}}`, http.StatusBadRequest, "warning 1017"},
		{"unknown key", `{"mobile": "919800000034", "colour": "red"}`, http.StatusBadRequest, `unknown field "colour"`},
		{"user id", `{"mobile": "919800000034", "user_id": 5}`, http.StatusBadRequest, "user_id is assigned"},
		{"slab out of range", `{"mobile": "919800000034", "loyalty": {"slab": 3}}`, http.StatusBadRequest, "loyalty.slab must be 1 to 2"},
		{"loyalty on non-loyalty", `{"mobile": "919800000034", "type": "NON_LOYALTY", "loyalty": {}}`, http.StatusBadRequest, "no loyalty block"},
		{"bad date", `{"mobile": "919800000034", "registered_on": "2020-01-02"}`, http.StatusBadRequest, "registered_on must be"},
		{"unknown till", `{"mobile": "919800000034", "registered_by": "ghost"}`, http.StatusBadRequest, `"ghost" is not a till`},
		{"empty array", `[]`, http.StatusBadRequest, "no customers"},
		{"not JSON", `mobile=1`, http.StatusBadRequest, "invalid JSON"},
	}
	for _, tc := range tests {
		rec := e.do(http.MethodPost, "/__sandbox/customers", tc.body)
		if rec.Code != tc.want {
			t.Errorf("%s: HTTP %d, want %d: %s", tc.name, rec.Code, tc.want, rec.Body)
			continue
		}
		if msg := errorOf(t, rec); !strings.Contains(msg, tc.mention) {
			t.Errorf("%s: error %q does not mention %q", tc.name, msg, tc.mention)
		}
	}
	var l control.CustomerList
	e.call(http.MethodGet, "/__sandbox/customers", "", http.StatusOK, &l)
	if l.Total != 1 {
		t.Errorf("refused inserts stored customers: total %d, want 1", l.Total)
	}
}

func TestListCustomersPagingAndFilters(t *testing.T) {
	e := newEnv(t, server.Options{})
	var batch []string
	for i := range 5 {
		batch = append(batch, fmt.Sprintf(`{"mobile":"91980000004%d","email":"c%d@example.com","external_id":"EXT%d"}`, i, i, i))
	}
	var ins control.CustomerList
	e.call(http.MethodPost, "/__sandbox/customers", "["+strings.Join(batch, ",")+"]", http.StatusCreated, &ins)
	var mobiles []string
	after := ""
	for pages := 0; ; pages++ {
		var l control.CustomerList
		e.call(http.MethodGet, "/__sandbox/customers?limit=2"+after, "", http.StatusOK, &l)
		for _, c := range l.Customers {
			mobiles = append(mobiles, c.Mobile)
		}
		if l.Total != 5 || pages > 3 {
			t.Fatalf("page %d: %+v", pages, l)
		}
		if l.NextAfter == 0 {
			break
		}
		after = fmt.Sprintf("&after=%d", l.NextAfter)
	}
	if strings.Join(mobiles, ",") != "919800000040,919800000041,919800000042,919800000043,919800000044" {
		t.Errorf("paged mobiles = %v", mobiles)
	}
	third := ins.Customers[2]
	for _, q := range []string{"mobile=919800000042", "email=C2@EXAMPLE.COM", "external_id=EXT2", "identifier=EXT2",
		"identifier=c2@example.com", fmt.Sprintf("user_id=%d", third.UserID)} {
		var l control.CustomerList
		e.call(http.MethodGet, "/__sandbox/customers?"+q, "", http.StatusOK, &l)
		if len(l.Customers) != 1 || l.Customers[0].UserID != third.UserID || l.Total != 5 {
			t.Errorf("?%s = %+v, want user %d only", q, l, third.UserID)
		}
	}
	var none control.CustomerList
	e.call(http.MethodGet, "/__sandbox/customers?mobile=919999999999", "", http.StatusOK, &none)
	if len(none.Customers) != 0 {
		t.Errorf("unknown mobile matched %+v", none.Customers)
	}
}
