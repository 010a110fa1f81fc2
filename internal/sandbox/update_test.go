package sandbox_test

import (
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// The customer/update decision table (rows U1–U9 of docs/FIDELITY.md).
func TestUpdateRows(t *testing.T) {
	allowEmail := map[string]string{"CONF_ALLOW_EMAIL_UPDATE": "1"}
	unchanged := func(t *testing.T, _ *sandbox.Customer, st store) {
		if c := find(t, st, sandbox.Mobile, mob1); c == nil || c.Email != "asha@example.com" || c.LastName != "" {
			t.Errorf("a failed update changed the customer: %+v", c)
		}
	}
	runRows(t, []row{
		{name: "U1 no identifier → 400", when: sandbox.ItemInput{FirstName: "x"},
			expect: expect{code: 400, message: "Input is invalid, Please check request parameters or input xml/json"}},
		{name: "U1 empty identifiers → 400", when: sandbox.ItemInput{Mobile: " ", Email: "", ID: ""},
			expect: expect{code: 400, message: "Input is invalid, Please check request parameters or input xml/json"}},
		{name: "U2 invalid mobile → 1001", when: sandbox.ItemInput{Mobile: "12"}, expect: fail(1001)},
		{name: "U2 invalid email → 1002", given: given{existing: []sandbox.ItemInput{asha}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "nope"}, expect: fail(1002)},
		{name: "U3 not found → 1011", when: sandbox.ItemInput{Mobile: mob1}, expect: fail(1011)},
		{name: "U3 unknown user id → 1011", when: sandbox.ItemInput{ID: "77"}, expect: fail(1011)},
		{name: "U4 primary change of a customer found by email → 91005, nothing stored", given: given{existing: []sandbox.ItemInput{asha}},
			when:   sandbox.ItemInput{Email: "asha@example.com", Mobile: mob2, LastName: "Rao"},
			expect: expect{code: 91005, message: "Mobile is primary identifier and cannot be updated."}, check: unchanged},
		{name: "U4 even with CONF_ALLOW_MOBILE_UPDATE", given: given{existing: []sandbox.ItemInput{asha}, configs: map[string]string{"CONF_ALLOW_MOBILE_UPDATE": "1"}},
			when:   sandbox.ItemInput{ID: "1000", Mobile: mob2},
			expect: expect{code: 91005, message: "Mobile is primary identifier and cannot be updated."}},
		{name: "U5 filled email, config 0 → 91006, nothing stored", given: given{existing: []sandbox.ItemInput{asha}},
			when:   sandbox.ItemInput{Mobile: mob1, Email: "other@example.com", LastName: "Rao"},
			expect: expect{code: 91006, message: "Email update is not allowed"}, check: unchanged},
		{name: "U5 by user id", given: given{existing: []sandbox.ItemInput{asha}}, when: sandbox.ItemInput{ID: "1000", Email: "x@example.com"},
			expect: expect{code: 91006, message: "Email update is not allowed"}},
		{name: "U6 another customer's email → update without it, 91007, bare message", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}, ravi}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com", LastName: "Rao"}, expect: updated("Customer successfully updated", 91007),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Email != "" || c.LastName != "Rao" {
					t.Errorf("email %q lastname %q", c.Email, c.LastName)
				}
			}},
		{name: "U6 with config 1 too", given: given{existing: []sandbox.ItemInput{asha, ravi}, configs: allowEmail},
			when: sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"}, expect: updated("Customer successfully updated", 91007)},
		{name: "U7 empty slot filled", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}}},
			when: sandbox.ItemInput{Mobile: mob1, Email: "New@Example.com"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, st store) {
				if c.Email != "new@example.com" || find(t, st, sandbox.Email, "new@example.com") == nil {
					t.Errorf("email %q not filled and indexed", c.Email)
				}
			}},
		{name: "U7 filled email replaced with config 1", given: given{existing: []sandbox.ItemInput{asha}, configs: allowEmail},
			when: sandbox.ItemInput{Mobile: mob1, Email: "new@example.com"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, st store) {
				if c.Email != "new@example.com" || find(t, st, sandbox.Email, "asha@example.com") != nil {
					t.Errorf("email %q; the old index entry must be gone", c.Email)
				}
			}},
		{name: "U8 downgrade → 1046", given: given{existing: []sandbox.ItemInput{asha}}, when: sandbox.ItemInput{Mobile: mob1, Type: "NON_LOYALTY"},
			expect: fail(1046)},
		{name: "U9 by mobile", given: given{existing: []sandbox.ItemInput{asha}}, when: sandbox.ItemInput{Mobile: mob1, LastName: "Rao"},
			expect: updated("Customer successfully updated"), check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.LastName != "Rao" || c.FirstName != "Asha" {
					t.Errorf("names %q %q", c.FirstName, c.LastName)
				}
			}},
		{name: "U9 by secondary identifier", given: given{existing: []sandbox.ItemInput{asha}}, when: sandbox.ItemInput{Email: "ASHA@example.com", FirstName: "A"},
			expect: updated("Customer successfully updated")},
		{name: "U9 warnings without suffix; updated_on is the server's time", given: given{existing: []sandbox.ItemInput{asha}},
			when:   sandbox.ItemInput{Mobile: mob1, UpdatedOn: "2019-09-11 10:12:00", CustomFields: []sandbox.Field{{Name: "nope", Value: "1"}}},
			force:  sandbox.Outcome{Warnings: []sandbox.Code{91017}},
			expect: updated("Customer successfully updated", 1017, 91017), check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.UpdatedOn != "2025-01-10 12:00:00" {
					t.Errorf("updated_on %q, want the server's time", c.UpdatedOn)
				}
			}},
		{name: "U9 update_warning_suffix: true appends them", given: given{existing: []sandbox.ItemInput{asha},
			settings: func(s *sandbox.Settings) { s.UpdateWarningSuffix = true }},
			when:   sandbox.ItemInput{Mobile: mob1, CustomFields: []sandbox.Field{{Name: "nope", Value: "1"}}},
			expect: updated("Customer successfully updated, Provided Custom Field is invalid", 1017)},
		{name: "U9 registered_on applied", given: given{existing: []sandbox.ItemInput{asha}}, when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "2024-01-01 00:00:00"},
			expect: updated("Customer successfully updated"), check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.RegisteredOn != "2024-01-01 00:00:00" {
					t.Errorf("registered_on %q", c.RegisteredOn)
				}
			}},
	}, true)
}
