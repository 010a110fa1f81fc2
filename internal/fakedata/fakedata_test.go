package fakedata_test

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/capsandbox/capsandbox/internal/fakedata"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

func org() *sandbox.Org {
	return &sandbox.Org{BaseCountry: sandbox.Country{Code: "44", Lengths: []int{10}, Pattern: regexp.MustCompile(`^7`)}}
}

func TestSameSeedSameCustomers(t *testing.T) {
	a := fakedata.New(7, org()).Customers(500)
	b := fakedata.New(7, org()).Customers(500)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different customers")
	}
	if c := fakedata.New(8, org()).Customers(1); reflect.DeepEqual(c[0], a[0]) {
		t.Error("another seed gave the same first customer")
	}
}

func TestCustomersAreValidAndUnique(t *testing.T) {
	mobile := regexp.MustCompile(`^447[0-9]{9}$`)
	email := regexp.MustCompile(`^[a-z]+\.[a-z]+\.[0-9]+@example\.com$`)
	seen := map[string]bool{}
	for _, c := range fakedata.New(1, org()).Customers(5000) {
		if !mobile.MatchString(c.Mobile) || !email.MatchString(c.Email) || c.FirstName == "" || c.LastName == "" {
			t.Fatalf("invalid fake customer %+v", c)
		}
		if seen[c.Mobile] || seen[c.Email] {
			t.Fatalf("duplicate identifier in %+v", c)
		}
		seen[c.Mobile], seen[c.Email] = true, true
	}
}

func TestImpossiblePatternDoesNotHang(t *testing.T) {
	o := org()
	o.BaseCountry.Pattern = regexp.MustCompile(`^never$`)
	if c := fakedata.New(1, o).Next(); len(c.Mobile) != 12 {
		t.Errorf("mobile %q", c.Mobile)
	}
}
