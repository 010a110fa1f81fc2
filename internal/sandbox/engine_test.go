package sandbox_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/memstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

var testNow = time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)

func testOrg() *sandbox.Org {
	return &sandbox.Org{
		ID: 146, Name: "test", Location: time.UTC, UserIDStart: 1000,
		Tills:       []sandbox.Till{{Username: "till1", Password: "123", StoreCode: "s1"}, {Username: "till2", Password: "x"}},
		BaseCountry: sandbox.Country{Name: "India", Code: "91", Lengths: []int{10}},
		Configs:     sandbox.DefaultConfigs(),
		CustomFields: []sandbox.CustomFieldDef{{Name: "City_name", Scope: sandbox.ScopeRegistration, DataType: "String"},
			{Name: "pincode", Scope: sandbox.ScopeRegistration, DataType: "Integer"}},
		ExtendedFields: []sandbox.ExtendedFieldDef{{Name: "gender", DataType: "STANDARD_ENUM", Values: []string{"Male", "Female"}},
			{Name: "dob", DataType: "DATETIME"}, {Name: "preferred_store", DataType: "ORG_ENTITY"}},
		Program: &sandbox.Program{ID: "469", TierValidityYears: 100, Slabs: []sandbox.Slab{{Name: "Base", Description: "Tier 1"},
			{Name: "Bronze", Description: "Tier 2", Threshold: 1000}}},
	}
}

// given is the state before an item: org configs, settings, existing
// customers (added through the engine in order).
type given struct {
	configs  map[string]string
	settings func(*sandbox.Settings)
	org      func(*sandbox.Org)
	existing []sandbox.ItemInput
	later    map[string]string // configs set after the existing customers are in
}

type expect struct {
	code     sandbox.Code
	message  string
	warnings []sandbox.Code
	created  bool
}

type row struct {
	name   string
	given  given
	when   sandbox.ItemInput
	force  sandbox.Outcome
	expect expect
	check  func(t *testing.T, c *sandbox.Customer, s store)
}

// store is one namespace of an in-memory store.
type store struct{ s *memstore.Store }

const testNS = "t"

func (st store) Update(fn func(sandbox.Tx) error) error { return st.s.Update(testNS, fn) }
func (st store) View(fn func(sandbox.Tx) error) error   { return st.s.View(testNS, fn) }

// Len returns the number of stored customers.
func (st store) Len() int {
	n := 0
	_ = st.s.View(testNS, func(tx sandbox.Tx) error { n = tx.Count(); return nil })
	return n
}

func (g given) engine(t *testing.T) (*sandbox.Engine, store) {
	t.Helper()
	org := testOrg()
	for k, v := range g.configs {
		if err := org.Configs.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if g.org != nil {
		g.org(org)
	}
	s := sandbox.DefaultSettings()
	if g.settings != nil {
		g.settings(&s)
	}
	e := &sandbox.Engine{Org: org, Settings: &s, Seed: 1}
	st := store{memstore.New()}
	for i := range g.existing {
		res := mustAdd(t, e, st, &g.existing[i], sandbox.Outcome{})
		if !res.Success {
			t.Fatalf("given customer %d: %d %s", i, res.Code, res.Message)
		}
	}
	for k, v := range g.later {
		if err := org.Configs.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	return e, st
}

func mustAdd(t *testing.T, e *sandbox.Engine, st store, in *sandbox.ItemInput, force sandbox.Outcome) sandbox.ItemResult {
	t.Helper()
	var res sandbox.ItemResult
	if err := st.Update(func(tx sandbox.Tx) error {
		var err error
		res, err = e.Add(tx, in, testNow, force)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return res
}

func runRows(t *testing.T, rows []row, update bool) {
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			e, st := r.given.engine(t)
			before := st.Len()
			var res sandbox.ItemResult
			if err := st.Update(func(tx sandbox.Tx) error {
				var err error
				if update {
					res, err = e.Update(tx, &r.when, testNow, r.force)
				} else {
					res, err = e.Add(tx, &r.when, testNow, r.force)
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			x := r.expect
			if res.Code != x.code || res.Message != x.message {
				t.Fatalf("got %d %q, want %d %q", res.Code, res.Message, x.code, x.message)
			}
			if !reflect.DeepEqual(res.Warnings, x.warnings) {
				t.Errorf("warnings %v, want %v", res.Warnings, x.warnings)
			}
			if res.Created != x.created {
				t.Errorf("created %v, want %v", res.Created, x.created)
			}
			switch {
			case !res.Success && st.Len() != before:
				t.Errorf("failed item stored a customer (%d → %d)", before, st.Len())
			case res.Success && x.created && st.Len() != before+1:
				t.Errorf("registration did not add exactly one customer (%d → %d)", before, st.Len())
			case res.Success && !x.created && st.Len() != before:
				t.Errorf("update changed the customer count (%d → %d)", before, st.Len())
			}
			if r.check != nil {
				r.check(t, res.Customer, st)
			}
		})
	}
}

func find(t *testing.T, st store, id sandbox.Identifier, v string) *sandbox.Customer {
	t.Helper()
	var c *sandbox.Customer
	_ = st.View(func(tx sandbox.Tx) error {
		var err error
		c, err = tx.Find(id, v)
		return err
	})
	return c
}

func fail(code sandbox.Code) expect { return expect{code: code, message: sandbox.ItemMessage(code)} }

func registered(warnings ...sandbox.Code) expect {
	return expect{code: 1000, message: "Customer registration successful", warnings: warnings, created: true}
}

func updated(msg string, warnings ...sandbox.Code) expect {
	return expect{code: 1000, message: msg, warnings: warnings}
}

const mob1, mob2 = "919876543210", "919812345678"

var asha = sandbox.ItemInput{Mobile: mob1, Email: "asha@example.com", FirstName: "Asha"}
var ravi = sandbox.ItemInput{Mobile: mob2, Email: "ravi@example.com", ExternalID: "EXT-2"}

func TestAddValidationRows(t *testing.T) {
	runRows(t, []row{
		{name: "V1 no identifier", when: sandbox.ItemInput{FirstName: "x"}, expect: fail(1007)},
		{name: "V1 empty identifiers", when: sandbox.ItemInput{Mobile: " ", Email: "", ExternalID: ""}, expect: fail(1007)},
		{name: "V2 mobile not digits", when: sandbox.ItemInput{Mobile: "91987654321a"}, expect: fail(1001)},
		{name: "V2 mobile too short", when: sandbox.ItemInput{Mobile: "12"}, expect: fail(1001)},
		{name: "V2 mobile without country code", when: sandbox.ItemInput{Mobile: "9876543210"}, expect: fail(1001)},
		{name: "V2 bad secondary mobile is fatal (Q6)", given: given{configs: map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "email"}},
			when: sandbox.ItemInput{Email: "a@example.com", Mobile: "12"}, expect: fail(1001)},
		{name: "V2 bad secondary dropped when invalid_secondary=drop", given: given{
			configs:  map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "email"},
			settings: func(s *sandbox.Settings) { s.InvalidSecondary = "drop" }},
			when: sandbox.ItemInput{Email: "a@example.com", Mobile: "12"}, expect: registered()},
		{name: "V3 email malformed", when: sandbox.ItemInput{Mobile: mob1, Email: "not-an-email"}, expect: fail(1002)},
		{name: "V4 external id too long", when: sandbox.ItemInput{Mobile: mob1, ExternalID: string(make([]byte, 251))}, expect: fail(1003)},
		{name: "V4 external id prefix rule", given: given{org: func(o *sandbox.Org) { o.ExternalID = sandbox.ExternalIDRule{Prefix: "LM", Length: 10} }},
			when: sandbox.ItemInput{Mobile: mob1, ExternalID: "XX12345678"}, expect: fail(1003)},
		{name: "V5 primary absent, nothing matches", when: sandbox.ItemInput{Email: "new@example.com"}, expect: fail(1006)},
		{name: "V5 email primary absent", given: given{configs: map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "email"}},
			when: sandbox.ItemInput{Mobile: mob1}, expect: fail(1039)},
		{name: "V5 external id primary absent", given: given{configs: map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "external_id"}},
			when: sandbox.ItemInput{Mobile: mob1}, expect: fail(1043)},
		{name: "V5 any identifier allowed", given: given{configs: map[string]string{"CONF_ALLOW_REGISTRATION_FROM_ANY_IDENTIFIERS": "1"}},
			when: sandbox.ItemInput{Email: "new@example.com"}, expect: registered()},
		{name: "V6 email required for a new customer", given: given{configs: map[string]string{"CONF_USERS_IS_EMAIL_REQUIRED": "1"}},
			when: sandbox.ItemInput{Mobile: mob1}, expect: fail(1039)},
		{name: "V6 external id required", given: given{configs: map[string]string{"CONF_USERS_IS_EXTERNAL_ID_REQUIRED": "1"}},
			when: sandbox.ItemInput{Mobile: mob1}, expect: fail(1043)},
		{name: "V6 existing customers not re-checked", given: given{configs: map[string]string{"CONF_USERS_IS_EMAIL_REQUIRED": "0"},
			existing: []sandbox.ItemInput{{Mobile: mob1}}},
			when: sandbox.ItemInput{Mobile: mob1, FirstName: "A"}, expect: updated("Customer successfully updated")},
		{name: "V7 non-loyalty needs mobile or email", given: given{configs: map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "external_id"}},
			when: sandbox.ItemInput{ExternalID: "E1", Type: "NON_LOYALTY"}, expect: fail(1045)},
		{name: "V8 registered_on unparsable", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}}},
			when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "yesterday"}, expect: fail(1034)},
		{name: "V8 registered_on before minimum", given: given{configs: map[string]string{"CONF_MIN_REGISTRATION_DATE": "2020-01-01"},
			existing: []sandbox.ItemInput{{Mobile: mob1}}},
			when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "2019-12-31 23:59:59"}, expect: fail(1034)},
		{name: "V8 registered_on far future", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}}},
			when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "2030-01-01 00:00:00"}, expect: fail(1034)},
		{name: "V8 not applied to a new customer, so not checked", when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "yesterday"}, expect: registered()},
		{name: "V8 checked for a new customer when always applied", given: given{settings: func(s *sandbox.Settings) { s.HonourRegisteredOn = sandbox.RegisteredOnAlways }},
			when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "2030-01-01 00:00:00"}, expect: fail(1034)},
		{name: "V9 unknown registered_till", when: sandbox.ItemInput{Mobile: mob1, RegisteredTill: "nope"}, expect: fail(91020)},
		{name: "V10 unknown associated_with", when: sandbox.ItemInput{Mobile: mob1, AssociatedWith: "nope"}, expect: fail(91021)},
		{name: "V9 known till accepted", when: sandbox.ItemInput{Mobile: mob1, RegisteredTill: "till2", AssociatedWith: "till1"}, expect: registered()},
	}, false)
}

func TestAddMatchingRows(t *testing.T) {
	strict := map[string]string{"CONF_PRIMARY_IDENTIFIER_STRICT_CHECK": "1"}
	skip := map[string]string{"CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH": "1", "CONF_PRIMARY_IDENTIFIER_STRICT_CHECK": "1"}
	runRows(t, []row{
		{name: "M1 new customer", when: asha, expect: registered(), check: func(t *testing.T, c *sandbox.Customer, _ store) {
			if c.UserID != 1000 || c.Mobile != mob1 || c.Email != "asha@example.com" || c.Loyalty == nil || c.Loyalty.Slab != 1 ||
				c.Loyalty.TierExpiry != "2125-01-10 23:59:59" || c.RegisteredOn != "2025-01-10 12:00:00" {
				t.Errorf("stored %+v %+v", c, c.Loyalty)
			}
		}},
		{name: "M2 same payload again updates", given: given{existing: []sandbox.ItemInput{asha}}, when: asha,
			expect: updated("Customer successfully updated"), check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.UserID != 1000 {
					t.Errorf("user id %d", c.UserID)
				}
			}},
		{name: "M2 empty slot filled", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "Fill@Example.com"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, st store) {
				if c.Email != "fill@example.com" || find(t, st, sandbox.Email, "fill@example.com") == nil {
					t.Errorf("email %q not filled and indexed", c.Email)
				}
			}},
		{name: "M3 email change blocked", given: given{existing: []sandbox.ItemInput{asha}},
			when:   sandbox.ItemInput{Mobile: mob1, Email: "other@example.com"},
			expect: updated("Customer successfully updated, Email update is not allowed", 91006),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Email != "asha@example.com" {
					t.Errorf("email changed to %q", c.Email)
				}
			}},
		{name: "M3 external id label", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, ExternalID: "E1"}}},
			when:   sandbox.ItemInput{Mobile: mob1, ExternalID: "E2"},
			expect: updated("Customer successfully updated, External id update is not allowed", 91006)},
		{name: "M4 email change allowed", given: given{configs: map[string]string{"CONF_ALLOW_EMAIL_UPDATE": "1"}, existing: []sandbox.ItemInput{asha}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "new@example.com"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, st store) {
				if c.Email != "new@example.com" || find(t, st, sandbox.Email, "asha@example.com") != nil {
					t.Errorf("email %q; old index entry must be gone", c.Email)
				}
			}},
		{name: "M5 secondary belongs to another customer", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}, ravi}},
			when:   sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"},
			expect: updated("Customer successfully updated, Failed to register. Email already exists for some other user.", 91007)},
		{name: "M6 skip: new customer, secondary dropped", given: given{configs: skip, existing: []sandbox.ItemInput{ravi}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"}, expect: registered(),
			check: func(t *testing.T, c *sandbox.Customer, st store) {
				if c.Email != "" || find(t, st, sandbox.Email, "ravi@example.com").Mobile != mob2 {
					t.Errorf("secondary must stay with its owner; new customer email %q", c.Email)
				}
			}},
		{name: "M6 optional 91007 (Q19)", given: given{configs: skip, existing: []sandbox.ItemInput{ravi},
			settings: func(s *sandbox.Settings) { s.WarnDroppedSecondary = true }},
			when:   sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"},
			expect: expect{code: 1000, message: "Customer registration successful, Failed to register. Email already exists for some other user.", warnings: []sandbox.Code{91007}, created: true}},
		{name: "M7 strict check fails", given: given{configs: strict, existing: []sandbox.ItemInput{ravi}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"}, expect: fail(1047)},
		{name: "M8 merge: owner without primary gets it", given: given{configs: map[string]string{"CONF_ALLOW_REGISTRATION_FROM_ANY_IDENTIFIERS": "1"},
			existing: []sandbox.ItemInput{{Email: "solo@example.com"}}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "solo@example.com"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Mobile != mob1 {
					t.Errorf("primary not applied: %q", c.Mobile)
				}
			}},
		{name: "M8 merge: owner keeps its primary, 91005", given: given{existing: []sandbox.ItemInput{ravi}},
			when:   sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"},
			expect: updated("Customer successfully updated, Mobile is primary identifier and cannot be updated.", 91005),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Mobile != mob2 {
					t.Errorf("primary changed to %q", c.Mobile)
				}
			}},
		{name: "Q1 secondary_match=create registers", given: given{existing: []sandbox.ItemInput{ravi},
			settings: func(s *sandbox.Settings) { s.SecondaryMatch = "create" }},
			when: sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"}, expect: registered()},
		{name: "M9 two owners: mobile-priority owner wins", given: given{configs: map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "external_id"},
			existing: []sandbox.ItemInput{{ExternalID: "A", Mobile: mob1}, {ExternalID: "B", Email: "b@example.com"}}},
			when:   sandbox.ItemInput{ExternalID: "C", Mobile: mob1, Email: "b@example.com"},
			expect: updated("Customer successfully updated, Failed to register. Email already exists for some other user., External id is primary identifier and cannot be updated.", 91007, 91005),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.ExternalID != "A" {
					t.Errorf("updated the wrong customer: %+v", c)
				}
			}},
		{name: "M10 loyalty to non-loyalty fails", given: given{existing: []sandbox.ItemInput{asha}},
			when: sandbox.ItemInput{Mobile: mob1, Type: "NON_LOYALTY"}, expect: fail(1046)},
		{name: "M10 ignored when loyalty_downgrade=ignore", given: given{existing: []sandbox.ItemInput{asha},
			settings: func(s *sandbox.Settings) { s.LoyaltyDowngrade = "ignore" }},
			when: sandbox.ItemInput{Mobile: mob1, Type: "NON_LOYALTY"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Type != sandbox.TypeLoyalty {
					t.Errorf("type %s", c.Type)
				}
			}},
		{name: "M11 non-loyalty upgraded", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, Type: "NON_LOYALTY"}}},
			when: sandbox.ItemInput{Mobile: mob1, Type: "loyalty"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Type != sandbox.TypeLoyalty || c.Loyalty == nil {
					t.Errorf("not upgraded: %s %+v", c.Type, c.Loyalty)
				}
			}},
		{name: "M11 upgrade needs email (1048)", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, Type: "NON_LOYALTY"}},
			later: map[string]string{"CONF_USERS_IS_EMAIL_REQUIRED": "1"}},
			when: sandbox.ItemInput{Mobile: mob1, Type: "LOYALTY"}, expect: fail(1048)},
		{name: "M11 upgrade needs external id (1049)", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, Type: "NON_LOYALTY"}},
			later: map[string]string{"CONF_USERS_IS_EXTERNAL_ID_REQUIRED": "1"}},
			when: sandbox.ItemInput{Mobile: mob1, Type: "LOYALTY"}, expect: fail(1049)},
		{name: "M11 upgrade with the required email supplied", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, Type: "NON_LOYALTY"}},
			later: map[string]string{"CONF_USERS_IS_EMAIL_REQUIRED": "1"}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "e@example.com", Type: "LOYALTY"}, expect: updated("Customer successfully updated")},
		{name: "duplicate_policy=reject mobile → 1032", given: given{existing: []sandbox.ItemInput{asha}, settings: func(s *sandbox.Settings) { s.DuplicatePolicy = "reject" }},
			when: asha, expect: fail(1032)},
		{name: "duplicate_policy=reject email → 1016", given: given{existing: []sandbox.ItemInput{asha}, settings: func(s *sandbox.Settings) { s.DuplicatePolicy = "reject" }},
			when: sandbox.ItemInput{Mobile: mob2, Email: "asha@example.com"}, expect: fail(1016)},
		{name: "duplicate_policy=reject external id → 1033", given: given{existing: []sandbox.ItemInput{ravi}, settings: func(s *sandbox.Settings) { s.DuplicatePolicy = "reject" }},
			when: sandbox.ItemInput{Mobile: mob1, ExternalID: "EXT-2"}, expect: fail(1033)},
	}, false)
}
