package sandbox_test

import (
	"reflect"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

func TestAddFieldRows(t *testing.T) {
	runRows(t, []row{
		{name: "F1 undefined custom field dropped with 1017",
			when:   sandbox.ItemInput{Mobile: mob1, CustomFields: []sandbox.Field{{Name: "City_name", Value: "Pune"}, {Name: "nope", Value: "x"}, {Name: "nope2", Value: "y"}}},
			expect: expect{code: 1000, message: "Customer registration successful, Provided Custom Field is invalid", warnings: []sandbox.Code{1017}, created: true},
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if !reflect.DeepEqual(c.CustomFields, []sandbox.Field{{Name: "City_name", Value: "Pune"}}) {
					t.Errorf("custom fields %v", c.CustomFields)
				}
			}},
		{name: "F1 value of the wrong data type dropped with 1017",
			when:   sandbox.ItemInput{Mobile: mob1, CustomFields: []sandbox.Field{{Name: "pincode", Value: "abc"}}},
			expect: expect{code: 1000, message: "Customer registration successful, Provided Custom Field is invalid", warnings: []sandbox.Code{1017}, created: true}},
		{name: "F1 custom field updated in place", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, CustomFields: []sandbox.Field{{Name: "City_name", Value: "Pune"}, {Name: "pincode", Value: "1"}}}}},
			when: sandbox.ItemInput{Mobile: mob1, CustomFields: []sandbox.Field{{Name: "City_name", Value: "Goa"}}}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				want := []sandbox.Field{{Name: "City_name", Value: "Goa"}, {Name: "pincode", Value: "1"}}
				if !reflect.DeepEqual(c.CustomFields, want) {
					t.Errorf("custom fields %v, want %v", c.CustomFields, want)
				}
			}},
		{name: "F2 unknown extended field 91015",
			when:   sandbox.ItemInput{Mobile: mob1, ExtendedFields: []sandbox.Field{{Name: "GENDER", Value: "female"}, {Name: "shoe", Value: "9"}}},
			expect: expect{code: 1000, message: "Customer registration successful, Failed to update extended fields; or field shoe length too long.", warnings: []sandbox.Code{91015}, created: true},
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if !reflect.DeepEqual(c.ExtendedFields, []sandbox.Field{{Name: "gender", Value: "Female"}}) {
					t.Errorf("extended fields %v", c.ExtendedFields)
				}
			}},
		{name: "F2 date normalised", when: sandbox.ItemInput{Mobile: mob1, ExtendedFields: []sandbox.Field{{Name: "dob", Value: "1998/12/01"}}},
			expect: registered(), check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.ExtendedFields[0].Value != "1998-12-01 00:00:00" {
					t.Errorf("dob %q", c.ExtendedFields[0].Value)
				}
			}},
		{name: "F2 enum value outside the list", when: sandbox.ItemInput{Mobile: mob1, ExtendedFields: []sandbox.Field{{Name: "gender", Value: "x"}}},
			expect: expect{code: 1000, message: "Customer registration successful, Failed to update extended fields; or field gender length too long.", warnings: []sandbox.Code{91015}, created: true}},
		{name: "F2 unknown preferred store 1053", when: sandbox.ItemInput{Mobile: mob1, ExtendedFields: []sandbox.Field{{Name: "preferred_store", Value: "zz"}}},
			expect: expect{code: 1000, message: "Customer registration successful, Preferred store specified is not found.", warnings: []sandbox.Code{1053}, created: true}},
		{name: "F3 unknown fraud status ignored", when: sandbox.ItemInput{Mobile: mob1, FraudStatus: "Fraud_Suspected"}, expect: registered(),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.FraudStatus != "NONE" {
					t.Errorf("fraud status %q", c.FraudStatus)
				}
			}},
		{name: "F3 known fraud status kept", when: sandbox.ItemInput{Mobile: mob1, FraudStatus: "marked"}, expect: registered(),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.FraudStatus != "MARKED" {
					t.Errorf("fraud status %q", c.FraudStatus)
				}
			}},
		{name: "F4 subscriptions: good stored, bad warned",
			when: sandbox.ItemInput{Mobile: mob1, Subscriptions: []sandbox.SubscriptionInput{
				{Channel: "sms", Priority: "BULK", Scope: "all", IsSubscribed: "0"},
				{Channel: "fax", Priority: "BULK", IsSubscribed: "1"},
				{Channel: "email", Priority: "URGENT", IsSubscribed: "1"},
				{Channel: "email", Priority: "TRANS", Scope: "some", IsSubscribed: "1"},
				{Channel: "email", Priority: "TRANS", IsSubscribed: "maybe"}}},
			expect: expect{code: 1000, created: true, warnings: []sandbox.Code{1101, 1102, 1103, 1106},
				message: "Customer registration successful, Invalid channel type., Invalid priority type., Invalid scope., Invalid subscription status passed."},
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				want := []sandbox.Subscription{{"SMS", "BULK", "0"}, {"SMS", "TRANS", "1"}, {"EMAIL", "BULK", "1"}, {"EMAIL", "TRANS", "1"}}
				if !reflect.DeepEqual(c.Subscriptions, want) {
					t.Errorf("subscriptions %v", c.Subscriptions)
				}
			}},
		{name: "forced warning joins engine warnings in order",
			when:   sandbox.ItemInput{Mobile: mob1, CustomFields: []sandbox.Field{{Name: "nope", Value: "x"}}},
			force:  sandbox.Outcome{Warnings: []sandbox.Code{91006}},
			expect: expect{code: 1000, created: true, warnings: []sandbox.Code{1017, 91006}, message: "Customer registration successful, Provided Custom Field is invalid, Mobile update is not allowed"}},
		{name: "forced error fails without storing", when: asha, force: sandbox.Outcome{Error: 1001}, expect: fail(1001)},
		{name: "warning suffix off (Q11)", given: given{settings: func(s *sandbox.Settings) { s.WarningSuffix = false }},
			when:   sandbox.ItemInput{Mobile: mob1, CustomFields: []sandbox.Field{{Name: "nope", Value: "x"}}},
			expect: expect{code: 1000, created: true, warnings: []sandbox.Code{1017}, message: "Customer registration successful"}},
		{name: "registered_on of a new customer: server time, expiry from it", when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "2012-09-11 10:00:00", UpdatedOn: "2023-07-11 10:12:00"},
			expect: registered(), check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.RegisteredOn != "2025-01-10 12:00:00" || c.UpdatedOn != "2023-07-11 10:12:00" || c.Loyalty.TierExpiry != "2125-01-10 23:59:59" {
					t.Errorf("registered_on %q updated_on %q expiry %q", c.RegisteredOn, c.UpdatedOn, c.Loyalty.TierExpiry)
				}
			}},
		{name: "registered_on of an existing customer applied, expiry kept", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}}},
			when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "2012-09-11 10:00:00"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.RegisteredOn != "2012-09-11 10:00:00" || c.Loyalty.TierExpiry != "2125-01-10 23:59:59" {
					t.Errorf("registered_on %q expiry %q", c.RegisteredOn, c.Loyalty.TierExpiry)
				}
			}},
		{name: "registered_on always applied: expiry from it", given: given{settings: func(s *sandbox.Settings) { s.HonourRegisteredOn = sandbox.RegisteredOnAlways }},
			when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "2012-09-11 10:00:00"}, expect: registered(),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.RegisteredOn != "2012-09-11 10:00:00" || c.Loyalty.TierExpiry != "2112-09-11 23:59:59" {
					t.Errorf("registered_on %q expiry %q", c.RegisteredOn, c.Loyalty.TierExpiry)
				}
			}},
		{name: "registered_on never applied", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}},
			settings: func(s *sandbox.Settings) { s.HonourRegisteredOn = sandbox.RegisteredOnNever }},
			when: sandbox.ItemInput{Mobile: mob1, RegisteredOn: "yesterday"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.RegisteredOn != "2025-01-10 12:00:00" {
					t.Errorf("registered_on %q", c.RegisteredOn)
				}
			}},
		{name: "conversion to LOYALTY: tier expiry from the conversion day", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, Type: "NON_LOYALTY"}},
			settings: func(s *sandbox.Settings) { s.HonourRegisteredOn = sandbox.RegisteredOnNever }},
			when: sandbox.ItemInput{Mobile: mob1, Type: "LOYALTY"}, expect: updated("Customer successfully updated"),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Loyalty == nil || c.Loyalty.TierExpiry != "2125-01-10 23:59:59" {
					t.Errorf("loyalty %+v", c.Loyalty)
				}
			}},
		{name: "forced 91015 without extended field drops the placeholder", force: sandbox.Outcome{Warnings: []sandbox.Code{91015, 91013}},
			when:   sandbox.ItemInput{Mobile: mob1},
			expect: expect{code: 1000, created: true, warnings: []sandbox.Code{91015, 91013}, message: "Customer registration successful, Failed to update extended fields; or field length too long., Call to Points Engine for tier upgrade criteria has failed."}},
		{name: "forced 91015 names the first extended field sent", force: sandbox.Outcome{Warnings: []sandbox.Code{91015}},
			when:   sandbox.ItemInput{Mobile: mob1, ExtendedFields: []sandbox.Field{{Name: "dob", Value: "1998-12-01"}}},
			expect: expect{code: 1000, created: true, warnings: []sandbox.Code{91015}, message: "Customer registration successful, Failed to update extended fields; or field dob length too long."}},
		{name: "legacy texts: 91005 and 91007 in the older wording", given: given{existing: []sandbox.ItemInput{{Mobile: mob1}, ravi},
			settings: func(s *sandbox.Settings) { s.MessageTexts = sandbox.TextsLegacy }},
			when:   sandbox.ItemInput{Mobile: mob1, Email: "ravi@example.com"},
			expect: updated("Customer successfully updated, Email is already occupied by some other user, ignoring it.", 91007)},
		{name: "legacy texts: 1007", given: given{settings: func(s *sandbox.Settings) { s.MessageTexts = sandbox.TextsLegacy }},
			when: sandbox.ItemInput{FirstName: "x"}, expect: expect{code: 1007, message: "Unable to register customer. No valid primary identifier mobile number, email ID, or external ID passed."}},
		{name: "NON_LOYALTY customer has no program", when: sandbox.ItemInput{Mobile: mob1, Type: "NON_LOYALTY"}, expect: registered(),
			check: func(t *testing.T, c *sandbox.Customer, _ store) {
				if c.Type != sandbox.TypeNonLoyalty || c.Loyalty != nil {
					t.Errorf("%s %+v", c.Type, c.Loyalty)
				}
			}},
		{name: "case-insensitive external ids (Q18)", given: given{existing: []sandbox.ItemInput{{Mobile: mob1, ExternalID: "Ab"}},
			settings: func(s *sandbox.Settings) { s.ExternalIDCaseSensitive = false }},
			when: sandbox.ItemInput{Mobile: mob2, ExternalID: "aB"}, expect: updated("Customer successfully updated, Mobile is primary identifier and cannot be updated.", 91005)},
	}, false)
}

func TestSideEffects(t *testing.T) {
	e, st := given{org: func(o *sandbox.Org) {
		o.SideEffects = sandbox.SideEffects{Points: 1500,
			Coupon:            &sandbox.CouponEffect{FirstID: 1233197460, Type: "PE", Code: "1VSD3JPP", Description: "Welcome", ValidDays: 362},
			AlternateCurrency: &sandbox.AlternateCurrencyEffect{Identifier: "rgpws7", Name: "ac1", Value: "110"}}
	}}.engine(t)
	res := mustAdd(t, e, st, &sandbox.ItemInput{Mobile: mob1}, sandbox.Outcome{})
	want := []sandbox.SideEffect{
		{Kind: "points", AwardedPoints: 1500, TotalPoints: 1500},
		{Kind: "slab", PrevSlab: "Base", PrevSlabNo: 1, NewSlab: "Bronze", NewSlabNo: 2},
		{Kind: "coupon", CouponID: 1233197460, CouponType: "PE", CouponCode: "1VSD3JPP", ValidTill: "2026-01-07 23:59:59", CouponDesc: "Welcome"},
		{Kind: "alternate_currency", CurrencyID: "rgpws7", CurrencyName: "ac1", CurrencyValue: "110"},
	}
	if !reflect.DeepEqual(res.SideEffects, want) {
		t.Fatalf("side effects\n got %+v\nwant %+v", res.SideEffects, want)
	}
	if l := res.Customer.Loyalty; l.LoyaltyPoints != 1500 || l.LifetimePoints != 1500 || l.Slab != 2 {
		t.Errorf("loyalty %+v", l)
	}
	second := mustAdd(t, e, st, &sandbox.ItemInput{Mobile: mob2}, sandbox.Outcome{})
	if second.SideEffects[2].CouponID != 1233197461 {
		t.Errorf("second coupon id %d", second.SideEffects[2].CouponID)
	}
	again := mustAdd(t, e, st, &sandbox.ItemInput{Mobile: mob1}, sandbox.Outcome{})
	if len(again.SideEffects) != 0 {
		t.Errorf("an update earned side effects: %+v", again.SideEffects)
	}
}

func TestCardNumberAsExternalID(t *testing.T) {
	e, st := given{configs: map[string]string{"CONF_CARD_NUMBER_GENERATION_ENABLED": "1", "CONF_GEN_CARD_NUMBER_AS_EXTERNAL_ID_ENABLED": "1",
		"CONF_CARD_NUMBER_LENGTH": "12", "CONF_CARD_NUMBER_OFFSET": "3880203"}}.engine(t)
	res := mustAdd(t, e, st, &sandbox.ItemInput{Mobile: mob1, ExternalID: ""}, sandbox.Outcome{})
	if res.Customer.ExternalID != "000003880203" {
		t.Errorf("external id %q, want the seed's 000003880203", res.Customer.ExternalID)
	}
	cases := map[string]sandbox.CardConfig{
		"LM00000017": {Algo: "AUTO_INC", Length: 10, Prefix: "LM", Offset: 17},
		"0000000182": {Algo: "LUHN_ALGO", Length: 10, Offset: 18},
		"0000000184": {Algo: "MOD7_ALGO", Length: 10, Offset: 18},
		"00042X":     {Algo: "AUTO_INC", Length: 6, Offset: 42, Suffix: "X"},
	}
	for want, cc := range cases {
		if got := cc.Generate(1); got != want {
			t.Errorf("%+v: got %s, want %s", cc, got, want)
		}
	}
}

func TestParseOutcome(t *testing.T) {
	o, err := sandbox.ParseOutcome(" warning=1017 , error=1001,status=503,delay=250ms,reset")
	if err != nil {
		t.Fatal(err)
	}
	want := sandbox.Outcome{Warnings: []sandbox.Code{1017}, Error: 1001, Status: 503, Delay: 250e6, Reset: true}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("got %+v", o)
	}
	if o.String() != "warning=1017,error=1001,status=503,delay=250ms,reset" {
		t.Errorf("String %q", o.String())
	}
	for _, bad := range []string{"warn=1017", "warning=1000", "error=1017x", "status=200", "status=299", "delay=soon", "delay=-1s", "delay=31s", "reset=1", "error=99999"} {
		if _, err := sandbox.ParseOutcome(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if d, _ := sandbox.ParseOutcome("delay=40"); d.Delay != 40e6 {
		t.Errorf("bare milliseconds: %v", d.Delay)
	}
	hdr := sandbox.Outcome{Warnings: []sandbox.Code{1017}}
	rule := sandbox.Outcome{Warnings: []sandbox.Code{91006}, Status: 503}
	if got := hdr.Over(rule); !reflect.DeepEqual(got, sandbox.Outcome{Warnings: []sandbox.Code{1017}, Status: 503}) {
		t.Errorf("precedence: %+v", got)
	}
}
