package sandbox

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// validEmail reports whether v is local@domain: the local part of letters,
// digits and . _ + -, the domain two or more dot-separated labels of
// letters, digits and -. It is what the regular expression
// ^[A-Za-z0-9._+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$ matches
// (TestValidEmailMatchesPattern), without its cost on every request.
func validEmail(v string) bool {
	at := strings.IndexByte(v, '@')
	if at <= 0 {
		return false
	}
	for i := 0; i < at; i++ {
		if c := v[i]; !isAlnum(c) && c != '.' && c != '_' && c != '+' && c != '-' {
			return false
		}
	}
	labels, n := 0, 0
	for i := at + 1; i <= len(v); i++ {
		if i == len(v) || v[i] == '.' {
			if n == 0 {
				return false
			}
			labels, n = labels+1, 0
			continue
		}
		if c := v[i]; !isAlnum(c) && c != '-' {
			return false
		}
		n++
	}
	return labels >= 2
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// normaliseIdentifiers trims the submitted identifiers, lower-cases the
// email and drops the external id when the org does not capture it
// (docs/VENDOR.md, Registration configs: CONF_USERS_USE_EXTERNAL_ID).
func (e *Engine) normaliseIdentifiers(in *ItemInput) [3]string {
	ids := [3]string{
		strings.TrimSpace(in.Mobile),
		strings.ToLower(strings.TrimSpace(in.Email)),
		strings.TrimSpace(in.ExternalID),
	}
	if !e.Org.Configs.UseExternalID {
		ids[ExternalID] = ""
	}
	return ids
}

// validIdentifier checks one identifier (rows V2–V4) and returns its stored
// form.
func (e *Engine) validIdentifier(id Identifier, v string) (string, bool) {
	switch id {
	case Mobile:
		return e.validMobile(v)
	case Email:
		return v, len(v) <= 250 && validEmail(v)
	default:
		return v, e.validExternalID(v)
	}
}

// validMobile accepts digits that start with the calling code of the base
// or a supported country and continue with an allowed national length; with
// CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED a bare national number gets the
// base country code (docs/VENDOR.md: Identifiers; Open questions, Q13).
func (e *Engine) validMobile(m string) (string, bool) {
	if m == "" || !allDigits(m) {
		return m, false
	}
	o := e.Org
	countries := append([]Country{o.BaseCountry}, o.SupportedCountries...)
	for _, c := range countries {
		if c.accepts(m) {
			return m, true
		}
	}
	if o.AllowOtherCountries && len(m) >= 8 && len(m) <= 15 {
		return m, true
	}
	if o.Configs.DefaultCountryCodePassed {
		for _, c := range countries {
			if c.accepts(c.Code + m) {
				return c.Code + m, true
			}
		}
	}
	return m, false
}

func (c Country) accepts(m string) bool {
	if c.Code == "" || !strings.HasPrefix(m, c.Code) {
		return false
	}
	national := m[len(c.Code):]
	if len(c.Lengths) > 0 && !slices.Contains(c.Lengths, len(national)) {
		return false
	}
	return c.Pattern == nil || c.Pattern.MatchString(national)
}

func (e *Engine) validExternalID(x string) bool {
	r := e.Org.ExternalID
	max := r.MaxLength
	if max == 0 {
		max = 250
	}
	if len(x) > max || strings.ContainsAny(x, "\x00\r\n\t") {
		return false
	}
	if r.Prefix != "" && !strings.HasPrefix(x, r.Prefix) {
		return false
	}
	return r.Length == 0 || len(x) == r.Length
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// registeredOnProblem applies row V8: a client registered_on must parse,
// not precede CONF_MIN_REGISTRATION_DATE and not lie too far in the
// future. It returns what is wrong, "" when nothing is.
func (e *Engine) registeredOnProblem(s string, now time.Time) string {
	t, err := e.Org.ParseTime(s)
	if err != nil {
		return "is not YYYY-MM-DD HH:MM:SS"
	}
	if min := e.Org.Configs.MinRegistrationDate; min != "" {
		if m, ok := e.parseDateTime(min); ok && t.Before(m) {
			return "is before CONF_MIN_REGISTRATION_DATE " + min
		}
	}
	if limit := now.Add(e.Settings.MaxFutureRegistration); t.After(limit) {
		return "is after " + e.Org.Format(limit) + " (max_future_registration " + e.Settings.MaxFutureRegistration.String() + " past now)"
	}
	return ""
}

// invalidReason says why identifier value v fails rows V2–V4.
func (e *Engine) invalidReason(id Identifier, v string) string {
	switch id {
	case Mobile:
		return fmt.Sprintf("mobile %q is not digits with a country code of the org (%s)", v, e.Org.mobileRule())
	case Email:
		return fmt.Sprintf("email %q is not a valid address", v)
	}
	r := e.Org.ExternalID
	switch {
	case r.Prefix != "" && !strings.HasPrefix(v, r.Prefix):
		return fmt.Sprintf("external_id %q does not start with the org's prefix %q", v, r.Prefix)
	case r.Length != 0 && len(v) != r.Length:
		return fmt.Sprintf("external_id %q is %d characters; the org's length is %d", v, len(v), r.Length)
	}
	limit := r.MaxLength
	if limit == 0 {
		limit = 250
	}
	return fmt.Sprintf("external_id is %d characters (the limit is %d) or has control characters", len(v), limit)
}

// mobileRule describes the org's accepted mobiles: "+91 and 10 digits, +44
// and 9 or 10 digits".
func (o *Org) mobileRule() string {
	var parts []string
	for _, c := range append([]Country{o.BaseCountry}, o.SupportedCountries...) {
		if c.Code == "" {
			continue
		}
		lengths := make([]string, len(c.Lengths))
		for i, n := range c.Lengths {
			lengths[i] = strconv.Itoa(n)
		}
		p := "+" + c.Code
		if len(lengths) > 0 {
			p += " and " + strings.Join(lengths, " or ") + " digits"
		}
		parts = append(parts, p)
	}
	if o.AllowOtherCountries {
		parts = append(parts, "any 8 to 15 digits")
	}
	return strings.Join(parts, ", ")
}

// parseDateTime accepts YYYY-MM-DD HH:MM:SS or YYYY-MM-DD in the org zone.
func (e *Engine) parseDateTime(s string) (time.Time, bool) {
	if t, err := e.Org.ParseTime(s); err == nil {
		return t, true
	}
	t, err := time.ParseInLocation(DateLayout, s, e.Org.loc())
	return t, err == nil
}

func validDateTime(s string) bool {
	if _, err := time.Parse(TimeLayout, s); err == nil {
		return true
	}
	_, err := time.Parse(DateLayout, s)
	return err == nil
}

// tillKnown applies rows V9/V10 to a registered_till / associated_with value.
func (e *Engine) tillKnown(code string) bool {
	if code == "" || e.Settings.InvalidTill == TillIgnore {
		return true
	}
	_, ok := e.Org.TillByName(code)
	return ok
}
