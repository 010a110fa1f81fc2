package scenario

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// settings applies a scenario's `sandbox:` block over the defaults. The
// YAML keeps the strings docs/SCENARIOS.md documents; here they become the
// typed settings of package sandbox.
func (c *converter) settings(d *sandboxDoc) sandbox.Settings {
	s := sandbox.DefaultSettings()
	if d.BatchLimit != nil {
		if *d.BatchLimit < 1 {
			c.errorf("sandbox.batch_limit", "batch_limit must be at least 1")
		}
		s.BatchLimit = *d.BatchLimit
	}
	choice(c, "sandbox.duplicate_policy", d.DuplicatePolicy, &s.DuplicatePolicy, sandbox.DuplicateUpsert, sandbox.DuplicateReject)
	if d.RateLimitPerMinute != nil {
		if *d.RateLimitPerMinute < 0 {
			c.errorf("sandbox.rate_limit_per_minute", "rate_limit_per_minute must not be negative")
		}
		s.RateLimitPerMinute = *d.RateLimitPerMinute
	}
	c.questions(d, &s)
	c.presentation(d, &s)
	c.texts(d, &s)
	return s
}

// questions applies the settings that change decisions.
func (c *converter) questions(d *sandboxDoc, s *sandbox.Settings) {
	choice(c, "sandbox.secondary_match", d.SecondaryMatch, &s.SecondaryMatch, sandbox.MatchUpdate, sandbox.MatchCreate)
	if d.StrictCheckCode != nil {
		if !sandbox.IsItemErrorCode(sandbox.Code(*d.StrictCheckCode)) {
			c.errorf("sandbox.strict_check_code", "%d is not an item error code (GET /__sandbox/codes lists them)", *d.StrictCheckCode)
		}
		s.StrictCheckCode = sandbox.Code(*d.StrictCheckCode)
	}
	var partial string
	if choice(c, "sandbox.partial_success", d.PartialSuccess, &partial, "true", "false") {
		s.PartialSuccess = partial == "true"
	}
	choice(c, "sandbox.request_error_http", d.RequestErrorHTTP, &s.RequestErrorHTTP, sandbox.ErrorHTTPMirror, sandbox.ErrorHTTP200)
	choice(c, "sandbox.invalid_secondary", d.InvalidSecondary, &s.InvalidSecondary, sandbox.SecondaryFail, sandbox.SecondaryDrop)
	choice(c, "sandbox.honour_registered_on", oldBool(d.HonourRegisteredOn, "always", "never"), &s.HonourRegisteredOn,
		sandbox.RegisteredOnExisting, sandbox.RegisteredOnAlways, sandbox.RegisteredOnNever)
	if d.ResponseSource != nil {
		s.ResponseSource = *d.ResponseSource
	}
	setBool(d.BlockFraud, &s.BlockFraud)
	choice(c, "sandbox.invalid_till", d.InvalidTill, &s.InvalidTill, sandbox.TillFail, sandbox.TillIgnore)
	choice(c, "sandbox.loyalty_downgrade", d.LoyaltyDowngrade, &s.LoyaltyDowngrade, sandbox.DowngradeFail, sandbox.DowngradeIgnore)
	setBool(d.ExternalIDCaseSensitive, &s.ExternalIDCaseSensitive)
	setBool(d.WarnDroppedSecondary, &s.WarnDroppedSecondary)
	if d.MaxFutureRegistration != nil {
		dur, err := time.ParseDuration(*d.MaxFutureRegistration)
		if err != nil || dur < 0 {
			c.errorf("sandbox.max_future_registration", "max_future_registration must be a duration like 24h, not %q", *d.MaxFutureRegistration)
		}
		s.MaxFutureRegistration = dur
	}
}

// presentation applies the settings that shape responses and routes.
func (c *converter) presentation(d *sandboxDoc, s *sandbox.Settings) {
	setBool(d.WarningSuffix, &s.WarningSuffix)
	setBool(d.UpdateWarningSuffix, &s.UpdateWarningSuffix)
	for _, k := range sortedKeys(d.Labels) {
		id, ok := sandbox.ParseIdentifier(k)
		if !ok {
			c.errorf("sandbox.identifier_labels."+k, "unknown identifier %q (mobile, email, external_id)", k)
			continue
		}
		s.Labels[id] = d.Labels[k]
	}
	if d.UpdateMethods != nil {
		s.UpdateMethods = nil
		for _, m := range d.UpdateMethods {
			m = strings.ToUpper(m)
			if m != "POST" && m != "PUT" {
				c.errorf("sandbox.update_methods", "update method must be POST or PUT, not %q", m)
			}
			s.UpdateMethods = append(s.UpdateMethods, m)
		}
	}
	choice(c, "sandbox.auth_failure_body", d.AuthFailureBody, &s.AuthFailureBody, sandbox.AuthBodyBasic, sandbox.AuthBodyOAuth)
	choice(c, "sandbox.add_user_id", d.AddUserID, &s.AddUserID, sandbox.UserIDAlways, sandbox.UserIDOnRequest)
	choice(c, "sandbox.include_fraud_status", oldBool(d.IncludeFraudStatus, "always", "never"), &s.IncludeFraudStatus,
		sandbox.FraudStatusMobile, sandbox.FraudStatusAlways, sandbox.FraudStatusNever)
	choice(c, "sandbox.failed_add_item", d.FailedAddItem, &s.FailedAddItem, sandbox.FailedItemFull, sandbox.FailedItemEmpty)
	if d.SubscriptionOrder != nil {
		s.SubscriptionOrder = c.subscriptionOrder(d.SubscriptionOrder)
	}
}

// texts applies the settings that choose wordings and strictness.
func (c *converter) texts(d *sandboxDoc, s *sandbox.Settings) {
	choice(c, "sandbox.message_texts", d.MessageTexts, &s.MessageTexts, sandbox.TextsCurrent, sandbox.TextsLegacy)
	setBool(d.ExplainErrors, &s.ExplainErrors)
	setBool(d.LenientContentType, &s.LenientContentType)
}

// subscriptionOrder reads the four "CHANNEL PRIORITY" pairs, each once.
func (c *converter) subscriptionOrder(pairs []string) [4][2]string {
	var out [4][2]string
	seen := map[[2]string]bool{}
	if len(pairs) != 4 {
		c.errorf("sandbox.subscription_order", "subscription_order lists the four channel and priority pairs (SMS BULK, SMS TRANS, EMAIL BULK, EMAIL TRANS), not %d", len(pairs))
		return sandbox.DefaultSubscriptionOrder
	}
	for i, p := range pairs {
		f := strings.Fields(strings.ToUpper(p))
		ok := len(f) == 2 && (f[0] == "SMS" || f[0] == "EMAIL") && (f[1] == "BULK" || f[1] == "TRANS")
		if !ok || seen[[2]string{f[0], f[1]}] {
			c.errorf(fmt.Sprintf("sandbox.subscription_order.%d", i), "%q is not one of SMS BULK, SMS TRANS, EMAIL BULK, EMAIL TRANS, or is repeated", p)
			return sandbox.DefaultSubscriptionOrder
		}
		out[i] = [2]string{f[0], f[1]}
		seen[out[i]] = true
	}
	return out
}

// oldBool maps the booleans older scenarios used for a setting that is now
// a choice: true to yes, false to no.
func oldBool(v *string, yes, no string) *string {
	switch {
	case v == nil:
		return nil
	case *v == "true":
		return &yes
	case *v == "false":
		return &no
	}
	return v
}

// choice sets *dst from the YAML value v when it is one of allowed; it
// reports whether v was set and valid.
func choice[T ~string](c *converter, path string, v *string, dst *T, allowed ...T) bool {
	if v == nil {
		return false
	}
	if !slices.Contains(allowed, T(*v)) {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = string(a)
		}
		c.errorf(path, "%s must be one of %s, not %q", path[strings.LastIndex(path, ".")+1:], strings.Join(names, ", "), *v)
		return false
	}
	*dst = T(*v)
	return true
}

func setBool(v *bool, dst *bool) {
	if v != nil {
		*dst = *v
	}
}
