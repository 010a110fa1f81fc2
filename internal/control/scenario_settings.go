package control

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/scenario"
	"github.com/capsandbox/capsandbox/schemas"
	"github.com/labstack/echo/v4"
)

// ScenarioSettings is the answer of GET /__sandbox/scenario/settings: the
// namespace's active scenario with every setting in effect, defaults
// included.
type ScenarioSettings struct {
	Namespace   string        `json:"namespace"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Source      string        `json:"source"`
	Extends     string        `json:"extends,omitempty"`
	Tills       []TillLogin   `json:"tills"`
	Settings    []Setting     `json:"settings"` // the sandbox: block, every key
	Configs     []Setting     `json:"configs"`  // the org's registration configs
	Rules       []RuleSummary `json:"rules"`
}

// TillLogin is a till with the password a vendor client sends.
type TillLogin struct {
	Username    string `json:"username"`
	Password    string `json:"password"`
	PasswordMD5 string `json:"password_md5"` // md5hex(Password)
	// PasswordHash is the till's hash (md5 or sha256) and PasswordHex the
	// hex of it that a client sends as the Basic-auth password.
	PasswordHash string `json:"password_hash"`
	PasswordHex  string `json:"password_hex"`
	StoreCode    string `json:"store_code,omitempty"`
}

// Setting is one setting in effect: its key as a scenario file writes it,
// its value as text and what it does.
type Setting struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Doc   string `json:"doc,omitempty"`
}

// RuleSummary is one rule of the scenario, as written.
type RuleSummary struct {
	Name    string         `json:"name"`
	Match   map[string]any `json:"match"`
	Outcome string         `json:"outcome"`
	Times   int            `json:"times,omitempty"`
	Magic   bool           `json:"magic,omitempty"`
	Where   string         `json:"where"` // file:line
}

// getScenarioSettings serves GET /__sandbox/scenario/settings.
func (a *API) getScenarioSettings(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	s := ns.Scenario()
	out := ScenarioSettings{Namespace: ns.Name, Name: s.Name, Description: s.Description, Source: s.Source,
		Extends: s.Extends, Settings: settingsView(&s.Settings), Configs: configsView(&s.Org.Configs)}
	for _, t := range s.Org.Tills {
		sum := md5.Sum([]byte(t.Password))
		hash := t.PasswordHash
		if hash == "" {
			hash = sandbox.HashMD5
		}
		out.Tills = append(out.Tills, TillLogin{Username: t.Username, Password: t.Password,
			PasswordMD5: hex.EncodeToString(sum[:]), PasswordHash: string(hash), PasswordHex: t.Hash(), StoreCode: t.StoreCode})
	}
	out.Rules = rulesView(s.Rules)
	return c.JSON(http.StatusOK, out)
}

func rulesView(rules []scenario.Rule) []RuleSummary {
	out := make([]RuleSummary, len(rules))
	for i, r := range rules {
		out[i] = RuleSummary{Name: r.Name, Match: r.Match, Outcome: r.Outcome, Times: r.Times, Magic: r.Magic,
			Where: fmt.Sprintf("%s:%d", r.File, r.Line)}
	}
	return out
}

func configsView(c *sandbox.Configs) []Setting {
	out := make([]Setting, len(sandbox.ConfigDefs))
	for i, d := range sandbox.ConfigDefs {
		out[i] = Setting{Key: d.Key, Value: c.Value(d.Key), Doc: d.Doc}
	}
	return out
}

// settingKeys are the keys of a scenario's sandbox: block, each with its
// value in s; a test holds them to schemas/scenario.schema.json.
var settingKeys = []struct {
	key   string
	value func(s *sandbox.Settings) any
}{
	{"batch_limit", func(s *sandbox.Settings) any { return s.BatchLimit }},
	{"duplicate_policy", func(s *sandbox.Settings) any { return s.DuplicatePolicy }},
	{"rate_limit_per_minute", func(s *sandbox.Settings) any { return s.RateLimitPerMinute }},
	{"secondary_match", func(s *sandbox.Settings) any { return s.SecondaryMatch }},
	{"strict_check_code", func(s *sandbox.Settings) any { return int(s.StrictCheckCode) }},
	{"partial_success", func(s *sandbox.Settings) any { return s.PartialSuccess }},
	{"request_error_http", func(s *sandbox.Settings) any { return s.RequestErrorHTTP }},
	{"invalid_secondary", func(s *sandbox.Settings) any { return s.InvalidSecondary }},
	{"honour_registered_on", func(s *sandbox.Settings) any { return s.HonourRegisteredOn }},
	{"response_source", func(s *sandbox.Settings) any { return s.ResponseSource }},
	{"block_fraud", func(s *sandbox.Settings) any { return s.BlockFraud }},
	{"invalid_till", func(s *sandbox.Settings) any { return s.InvalidTill }},
	{"warning_suffix", func(s *sandbox.Settings) any { return s.WarningSuffix }},
	{"update_warning_suffix", func(s *sandbox.Settings) any { return s.UpdateWarningSuffix }},
	{"identifier_labels", func(s *sandbox.Settings) any { return labels(s) }},
	{"update_methods", func(s *sandbox.Settings) any { return strings.Join(s.UpdateMethods, ", ") }},
	{"auth_failure_body", func(s *sandbox.Settings) any { return s.AuthFailureBody }},
	{"add_user_id", func(s *sandbox.Settings) any { return s.AddUserID }},
	{"loyalty_downgrade", func(s *sandbox.Settings) any { return s.LoyaltyDowngrade }},
	{"external_id_case_sensitive", func(s *sandbox.Settings) any { return s.ExternalIDCaseSensitive }},
	{"warn_dropped_secondary", func(s *sandbox.Settings) any { return s.WarnDroppedSecondary }},
	{"include_fraud_status", func(s *sandbox.Settings) any { return s.IncludeFraudStatus }},
	{"message_texts", func(s *sandbox.Settings) any { return s.MessageTexts }},
	{"explain_errors", func(s *sandbox.Settings) any { return s.ExplainErrors }},
	{"lenient_content_type", func(s *sandbox.Settings) any { return s.LenientContentType }},
	{"subscription_order", func(s *sandbox.Settings) any { return subscriptionOrder(s) }},
	{"failed_add_item", func(s *sandbox.Settings) any { return s.FailedAddItem }},
	{"max_future_registration", func(s *sandbox.Settings) any { return s.MaxFutureRegistration.String() }},
}

func subscriptionOrder(s *sandbox.Settings) string {
	parts := make([]string, len(s.SubscriptionOrder))
	for i, cp := range s.SubscriptionOrder {
		parts[i] = cp[0] + " " + cp[1]
	}
	return strings.Join(parts, ", ")
}

func labels(s *sandbox.Settings) string {
	var parts []string
	for _, id := range sandbox.Identifiers {
		parts = append(parts, id.Key()+": "+s.Label(id))
	}
	return strings.Join(parts, ", ")
}

func settingsView(s *sandbox.Settings) []Setting {
	docs := settingDocs()
	out := make([]Setting, len(settingKeys))
	for i, k := range settingKeys {
		out[i] = Setting{Key: k.key, Value: fmt.Sprint(k.value(s)), Doc: docs[k.key]}
	}
	return out
}

// settingDocs returns the description of every sandbox: key in
// schemas/scenario.schema.json.
var settingDocs = sync.OnceValue(func() map[string]string {
	var doc struct {
		Properties struct {
			Sandbox struct {
				Properties map[string]struct {
					Description string `json:"description"`
				} `json:"properties"`
			} `json:"sandbox"`
		} `json:"properties"`
	}
	out := map[string]string{}
	data, err := schemas.FS.ReadFile("scenario.schema.json")
	if err != nil || json.Unmarshal(data, &doc) != nil {
		return out
	}
	for k, p := range doc.Properties.Sandbox.Properties {
		out[k] = p.Description
	}
	return out
})
