package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// fraudValues are the fraud_status.status inputs add accepts (Q9); anything
// else is ignored (F3).
var fraudValues = []string{"NONE", "MARKED", "CONFIRMED", "RECONFIRMED", "NOT_FRAUD", "INTERNAL"}

// applyProfile copies the non-identifier details of an item onto c: names,
// tills, fraud status, custom fields (F1), extended fields (F2),
// subscriptions (F4) and updated_on.
func (r *itemRun) applyProfile(c *Customer) {
	in := r.in
	if v := strings.TrimSpace(in.FirstName); v != "" {
		c.FirstName = v
	}
	if v := strings.TrimSpace(in.LastName); v != "" {
		c.LastName = v
	}
	if in.RegisteredTill != "" {
		c.RegisteredTill = in.RegisteredTill
	}
	if in.AssociatedWith != "" {
		c.AssociatedWith = in.AssociatedWith
	}
	if fs := strings.ToUpper(strings.TrimSpace(in.FraudStatus)); slices.Contains(fraudValues, fs) {
		c.FraudStatus = fs
		c.FraudModified = r.e.Org.Format(r.now)
	}
	r.applyCustomFields(c)
	r.applyExtendedFields(c)
	r.applySubscriptions(c)
	c.UpdatedOn = r.e.Org.Format(r.now)
	if _, err := time.Parse(TimeLayout, in.UpdatedOn); err == nil && !r.update {
		c.UpdatedOn = in.UpdatedOn // add echoes it; update keeps the server's time
	}
}

// applyCustomFields stores registration-scope custom fields; an undefined
// field or invalid value is dropped with warning 1017 (F1).
func (r *itemRun) applyCustomFields(c *Customer) {
	for _, f := range r.in.CustomFields {
		d, ok := r.e.Org.CustomField(f.Name)
		if !ok || !d.accepts(f.Value) {
			r.warn(WarnCustomField, "", "")
			r.because("custom field %q is not a registration field of the org (or its value is invalid): dropped", f.Name)
			continue
		}
		c.CustomFields = setField(c.CustomFields, d.Name, f.Value)
	}
}

func (d *CustomFieldDef) accepts(v string) bool {
	if len(v) > 250 {
		return false
	}
	switch strings.ToLower(d.DataType) {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil && v != "" {
			return false
		}
	case "double":
		if _, err := strconv.ParseFloat(v, 64); err != nil && v != "" {
			return false
		}
	case "boolean":
		if _, ok := parseBool(v); !ok && v != "" {
			return false
		}
	}
	if len(d.Options) > 0 && (d.Type == "select" || d.Type == "radio") && !slices.Contains(d.Options, v) {
		return false
	}
	return d.pattern == nil || d.pattern.MatchString(v)
}

// applyExtendedFields stores enabled extended fields with normalised
// values; unknown or invalid ones are dropped with warning 91015 naming the
// first (F2), an unknown preferred store with 1053.
func (r *itemRun) applyExtendedFields(c *Customer) {
	for _, f := range r.in.ExtendedFields {
		d, ok := r.e.Org.ExtendedField(f.Name)
		if !ok {
			r.warn(WarnExtendedField, f.Name, "")
			r.because("extended field %q is not enabled for the org: dropped", f.Name)
			continue
		}
		v, ok := d.normalise(f.Value)
		if !ok {
			r.warn(WarnExtendedField, f.Name, "")
			r.because("extended field %q: value %q is not a valid %s: dropped", f.Name, f.Value, d.DataType)
			continue
		}
		if d.DataType == "ORG_ENTITY" && !r.e.Org.HasStore(v) {
			r.warn(WarnPreferredStore, "", "")
			r.because("extended field %q: %q is not a store of the org: dropped", f.Name, v)
			continue
		}
		c.ExtendedFields = setField(c.ExtendedFields, d.Name, v)
	}
}

// extendedDateLayouts are the date forms extended fields accept
// (docs/VENDOR.md, Extended and custom fields); values are stored in UTC as
// YYYY-MM-DD HH:MM:SS.
var extendedDateLayouts = []string{time.RFC3339, DateLayout, "2006/01/02", TimeLayout, "2006-01-02T15:04:05"}

func (d *ExtendedFieldDef) normalise(v string) (string, bool) {
	v = strings.TrimSpace(v)
	max := d.MaxLength
	if max == 0 {
		max = 250
	}
	if len(v) > max {
		return "", false
	}
	switch d.DataType {
	case "INTEGER":
		_, err := strconv.ParseInt(v, 10, 64)
		return v, err == nil
	case "DOUBLE":
		_, err := strconv.ParseFloat(v, 64)
		return v, err == nil
	case "DATETIME":
		for _, l := range extendedDateLayouts {
			if t, err := time.Parse(l, v); err == nil {
				return t.UTC().Format(TimeLayout), true
			}
		}
		return "", false
	}
	if len(d.Values) > 0 {
		for _, allowed := range d.Values {
			if strings.EqualFold(allowed, v) {
				return allowed, true
			}
		}
		return "", false
	}
	return v, true
}

// applySubscriptions records channel × priority subscription states;
// entries with a bad channel, priority, scope or status are ignored with
// warnings 1101 / 1102 / 1103 / 1106 (F4).
func (r *itemRun) applySubscriptions(c *Customer) {
	for _, s := range r.in.Subscriptions {
		channel := strings.ToUpper(strings.TrimSpace(s.Channel))
		priority := strings.ToUpper(strings.TrimSpace(s.Priority))
		status, ok := parseBool(strings.TrimSpace(s.IsSubscribed))
		switch {
		case channel != "SMS" && channel != "EMAIL":
			r.warn(WarnChannel, "", "")
			r.because("subscription channel %q is not sms or email: ignored", s.Channel)
		case priority != "TRANS" && priority != "BULK":
			r.warn(WarnPriority, "", "")
			r.because("subscription priority %q is not TRANS or BULK: ignored", s.Priority)
		case s.Scope != "" && !strings.EqualFold(s.Scope, "all"):
			r.warn(WarnScope, "", "")
			r.because("subscription scope %q is not all: ignored", s.Scope)
		case !ok:
			r.warn(WarnSubStatus, "", "")
			r.because("subscription is_subscribed %q is not 1 or 0: ignored", s.IsSubscribed)
		default:
			c.Subscriptions = setSubscription(c.Subscriptions, channel, priority, status)
		}
	}
}

func setSubscription(subs []Subscription, channel, priority string, on bool) []Subscription {
	st := "0"
	if on {
		st = "1"
	}
	if len(subs) == 0 {
		for _, cp := range DefaultSubscriptionOrder { // responses sort by Settings.SubscriptionOrder
			subs = append(subs, Subscription{Channel: cp[0], Priority: cp[1], Status: "1"})
		}
	}
	for i := range subs {
		if subs[i].Channel == channel && subs[i].Priority == priority {
			subs[i].Status = st
		}
	}
	return subs
}
