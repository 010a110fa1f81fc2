package scenario

import (
	"slices"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// settings applies a scenario's `sandbox:` block over the defaults.
func (c *converter) settings(d *sandboxDoc) sandbox.Settings {
	s := sandbox.DefaultSettings()
	if d.BatchLimit != nil {
		if *d.BatchLimit < 1 {
			c.errorf("sandbox.batch_limit", "batch_limit must be at least 1")
		}
		s.BatchLimit = *d.BatchLimit
	}
	c.choice("sandbox.duplicate_policy", d.DuplicatePolicy, &s.DuplicatePolicy, "upsert", "reject")
	if d.RateLimitPerMinute != nil {
		if *d.RateLimitPerMinute < 0 {
			c.errorf("sandbox.rate_limit_per_minute", "rate_limit_per_minute must not be negative")
		}
		s.RateLimitPerMinute = *d.RateLimitPerMinute
	}
	c.questions(d, &s)
	c.presentation(d, &s)
	return s
}

// questions applies the settings that change decisions: reference §9
// Q1–Q10, Q17–Q19 and the registration window.
func (c *converter) questions(d *sandboxDoc, s *sandbox.Settings) {
	c.choice("sandbox.secondary_match", d.SecondaryMatch, &s.SecondaryMatch, "update", "create")
	if d.StrictCheckCode != nil {
		if !sandbox.IsItemErrorCode(sandbox.Code(*d.StrictCheckCode)) {
			c.errorf("sandbox.strict_check_code", "%d is not an item error code of reference §4.3", *d.StrictCheckCode)
		}
		s.StrictCheckCode = sandbox.Code(*d.StrictCheckCode)
	}
	c.choice("sandbox.partial_success", d.PartialSuccess, &s.PartialSuccess, "true", "false")
	c.choice("sandbox.request_error_http", d.RequestErrorHTTP, &s.RequestErrorHTTP, "mirror", "200")
	c.choice("sandbox.invalid_secondary", d.InvalidSecondary, &s.InvalidSecondary, "fail", "drop")
	setBool(d.HonourRegisteredOn, &s.HonourRegisteredOn)
	if d.ResponseSource != nil {
		s.ResponseSource = *d.ResponseSource
	}
	setBool(d.BlockFraud, &s.BlockFraud)
	c.choice("sandbox.invalid_till", d.InvalidTill, &s.InvalidTill, "fail", "ignore")
	c.choice("sandbox.loyalty_downgrade", d.LoyaltyDowngrade, &s.LoyaltyDowngrade, "fail", "ignore")
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

// presentation applies the settings that shape responses and routes:
// reference §9 Q11, Q12, Q14–Q16, fraud status and error explanations.
func (c *converter) presentation(d *sandboxDoc, s *sandbox.Settings) {
	setBool(d.WarningSuffix, &s.WarningSuffix)
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
	c.choice("sandbox.auth_failure_body", d.AuthFailureBody, &s.AuthFailureBody, "basic", "oauth")
	c.choice("sandbox.add_user_id", d.AddUserID, &s.AddUserID, "always", "on_request")
	setBool(d.IncludeFraudStatus, &s.IncludeFraudStatus)
	setBool(d.ExplainErrors, &s.ExplainErrors)
}

func (c *converter) choice(path string, v *string, dst *string, allowed ...string) {
	if v == nil {
		return
	}
	if !slices.Contains(allowed, *v) {
		c.errorf(path, "%s must be one of %s, not %q", path[strings.LastIndex(path, ".")+1:], strings.Join(allowed, ", "), *v)
		return
	}
	*dst = *v
}

func setBool(v *bool, dst *bool) {
	if v != nil {
		*dst = *v
	}
}
