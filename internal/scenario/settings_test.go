package scenario

import (
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestSettingsConvert: the YAML strings of the sandbox block become the
// typed settings; the booleans older scenarios used for settings that are
// now choices keep their meaning.
func TestSettingsConvert(t *testing.T) {
	s := mustParse(t, "name: x\nextends: default\nsandbox:\n"+
		"  honour_registered_on: true\n  include_fraud_status: false\n  message_texts: legacy\n"+
		"  failed_add_item: empty\n  partial_success: \"false\"\n  request_error_http: 200\n"+
		"  subscription_order: [SMS TRANS, EMAIL BULK, SMS BULK, EMAIL TRANS]\n  lenient_content_type: true\n"+
		"  update_warning_suffix: true\n  duplicate_policy: reject\n").Settings
	want := sandbox.DefaultSettings()
	want.HonourRegisteredOn, want.IncludeFraudStatus, want.MessageTexts = sandbox.RegisteredOnAlways, sandbox.FraudStatusNever, sandbox.TextsLegacy
	want.FailedAddItem, want.PartialSuccess, want.RequestErrorHTTP = sandbox.FailedItemEmpty, false, sandbox.ErrorHTTP200
	want.SubscriptionOrder = [4][2]string{{"SMS", "TRANS"}, {"EMAIL", "BULK"}, {"SMS", "BULK"}, {"EMAIL", "TRANS"}}
	want.LenientContentType, want.UpdateWarningSuffix, want.DuplicatePolicy = true, true, sandbox.DuplicateReject
	if s.HonourRegisteredOn != want.HonourRegisteredOn || s.IncludeFraudStatus != want.IncludeFraudStatus ||
		s.MessageTexts != want.MessageTexts || s.FailedAddItem != want.FailedAddItem || s.PartialSuccess ||
		s.RequestErrorHTTP != want.RequestErrorHTTP || s.SubscriptionOrder != want.SubscriptionOrder ||
		!s.LenientContentType || !s.UpdateWarningSuffix || s.DuplicatePolicy != want.DuplicatePolicy {
		t.Errorf("got %+v", s)
	}
	old := mustParse(t, "name: x\nextends: default\nsandbox: {honour_registered_on: false, include_fraud_status: true}\n").Settings
	if old.HonourRegisteredOn != sandbox.RegisteredOnNever || old.IncludeFraudStatus != sandbox.FraudStatusAlways {
		t.Errorf("old booleans: %s %s", old.HonourRegisteredOn, old.IncludeFraudStatus)
	}
	till := mustParse(t, "name: x\nextends: default\norg:\n  tills: [{username: till1, password: \"123\", password_hash: sha256}]\n").Org.Tills[0]
	if till.PasswordHash != sandbox.HashSHA256 || !till.Accepts("A665A45920422F9D417E4867EFDC4FB8A04A1F3FFF1FA07E998E86F7F7A27AE3") {
		t.Errorf("till %+v", till)
	}
	if p := mustParse(t, "name: x\nextends: default\norg: {program: null}\n").Org.Program; p != nil {
		t.Errorf("program: null kept %+v", p)
	}
}

// TestSettingsErrors: a value the schema admits but the converter refuses
// is named with its line.
func TestSettingsErrors(t *testing.T) {
	for yaml, want := range map[string]string{
		"sandbox:\n  subscription_order: [SMS BULK, SMS BULK, EMAIL BULK, EMAIL TRANS]\n": `t.yaml:4:34: "SMS BULK" is not one of SMS BULK, SMS TRANS, EMAIL BULK, EMAIL TRANS, or is repeated`,
		"sandbox:\n  message_texts: slate\n":                                              `t.yaml:4:3: sandbox.message_texts: must be one of "current", "legacy"`,
		"sandbox:\n  honour_registered_on: sometimes\n":                                   `t.yaml:4:3: sandbox.honour_registered_on: must be one of`,
		"org:\n  tills: [{username: till1, password: \"1\", password_hash: sha1}]\n":      `t.yaml:4:44: org.tills[0].password_hash: must be one of "md5", "sha256"`,
	} {
		_, err := Parse("t.yaml", []byte("name: x\nextends: default\n"+yaml))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %s", yaml, err, want)
		}
	}
}
