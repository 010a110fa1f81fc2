package sandbox

import "time"

// Settings decide what the vendor's documentation leaves open or words two
// ways, and the sandbox's own limits. A scenario's `sandbox:` block sets
// them (docs/SCENARIOS.md lists each with its YAML value);
// DefaultSettings gives the documented or best-inferred default of each.
type Settings struct {
	// BatchLimit is the most customers one add accepts; more → 1060.
	BatchLimit int
	// DuplicatePolicy: DuplicateUpsert (the vendor) or DuplicateReject (an
	// add whose identifier already exists fails with 1032 / 1016 / 1033).
	DuplicatePolicy DuplicatePolicy
	// RateLimitPerMinute limits requests per till; 0 = unlimited.
	RateLimitPerMinute int

	// SecondaryMatch is what an add does when the primary is new but a
	// secondary belongs to customer D with both mismatch configs off:
	// MatchUpdate (treat D as the customer, M8) or MatchCreate.
	SecondaryMatch SecondaryMatch
	// StrictCheckCode is the item code of the strict-check failure.
	StrictCheckCode Code
	// PartialSuccess is status.success ("true" or "false") when some items
	// failed.
	PartialSuccess bool
	// RequestErrorHTTP: ErrorHTTPMirror answers request-level errors with
	// the code as HTTP status (1060 → 400); ErrorHTTP200 with HTTP 200.
	RequestErrorHTTP RequestErrorHTTP
	// InvalidSecondary: SecondaryFail fails an item whose secondary
	// identifier is invalid (1001/1002/1003); SecondaryDrop ignores it.
	InvalidSecondary InvalidSecondary
	// HonourRegisteredOn says when a client registered_on is kept:
	// RegisteredOnExisting (only on an existing customer), RegisteredOnAlways
	// or RegisteredOnNever (server time).
	HonourRegisteredOn HonourRegisteredOn
	// ResponseSource is the source every customer object reports.
	ResponseSource string
	// BlockFraud fails add/update of a CONFIRMED or RECONFIRMED customer
	// with 618.
	BlockFraud bool
	// InvalidTill: TillFail (91020/91021) or TillIgnore.
	InvalidTill InvalidTill
	// WarningSuffix appends ", <warning text>" per warning to an add item's
	// message.
	WarningSuffix bool
	// UpdateWarningSuffix does the same for customer/update items.
	UpdateWarningSuffix bool
	// Labels name the identifiers in 91005/91006/91007 texts.
	Labels map[Identifier]string
	// UpdateMethods are the methods customer/update accepts.
	UpdateMethods []string
	// AuthFailureBody: AuthBodyBasic (the request-level body) or
	// AuthBodyOAuth (success "true", code "401", message "Unauthorized",
	// customers null).
	AuthFailureBody AuthFailureBody
	// AddUserID: UserIDAlways or UserIDOnRequest (only with user_id=true).
	AddUserID AddUserID
	// LoyaltyDowngrade: DowngradeFail (1046) or DowngradeIgnore.
	LoyaltyDowngrade LoyaltyDowngrade
	// ExternalIDCaseSensitive compares external ids exactly.
	ExternalIDCaseSensitive bool
	// WarnDroppedSecondary adds 91007 when skip-secondary drops one.
	WarnDroppedSecondary bool
	// IncludeFraudStatus says which customer objects carry fraud_status
	// (and, on add, reason): FraudStatusMobile (customers with a mobile),
	// FraudStatusAlways or FraudStatusNever.
	IncludeFraudStatus IncludeFraudStatus
	// MessageTexts selects the vendor's current or legacy wordings.
	MessageTexts MessageTexts
	// ExplainErrors appends the sandbox's explanation to request-level
	// messages ("<text>: <explanation>"); it is always in the
	// X-Sandbox-Explain header.
	ExplainErrors bool
	// LenientContentType parses a body of another Content-Type as JSON
	// (XML when it starts with "<") instead of answering 415.
	LenientContentType bool
	// SubscriptionOrder is the order of the four channel × priority entries
	// of subscriptions, each {channel, priority}.
	SubscriptionOrder [4][2]string
	// FailedAddItem: FailedItemFull (identifiers and item_status) or
	// FailedItemEmpty ({}).
	FailedAddItem FailedAddItem
	// MaxFutureRegistration is how far past now a registered_on may lie.
	MaxFutureRegistration time.Duration
}

// DuplicatePolicy is what an add does with an identifier that exists.
type DuplicatePolicy string

// The duplicate policies.
const (
	DuplicateUpsert DuplicatePolicy = "upsert"
	DuplicateReject DuplicatePolicy = "reject"
)

// SecondaryMatch is what an add does when only a secondary matches.
type SecondaryMatch string

// The secondary-match choices.
const (
	MatchUpdate SecondaryMatch = "update"
	MatchCreate SecondaryMatch = "create"
)

// RequestErrorHTTP is the HTTP status rule of request-level errors.
type RequestErrorHTTP string

// The request-level HTTP status rules.
const (
	ErrorHTTPMirror RequestErrorHTTP = "mirror"
	ErrorHTTP200    RequestErrorHTTP = "200"
)

// InvalidSecondary is what an invalid secondary identifier does.
type InvalidSecondary string

// The invalid-secondary choices.
const (
	SecondaryFail InvalidSecondary = "fail"
	SecondaryDrop InvalidSecondary = "drop"
)

// HonourRegisteredOn says when a client registered_on is applied.
type HonourRegisteredOn string

// The registered_on choices.
const (
	RegisteredOnExisting HonourRegisteredOn = "existing"
	RegisteredOnAlways   HonourRegisteredOn = "always"
	RegisteredOnNever    HonourRegisteredOn = "never"
)

// InvalidTill is what an unknown registered_till / associated_with does.
type InvalidTill string

// The invalid-till choices.
const (
	TillFail   InvalidTill = "fail"
	TillIgnore InvalidTill = "ignore"
)

// AuthFailureBody is the shape of the 401 body.
type AuthFailureBody string

// The 401 bodies.
const (
	AuthBodyBasic AuthFailureBody = "basic"
	AuthBodyOAuth AuthFailureBody = "oauth"
)

// AddUserID says when add/update responses carry user_id.
type AddUserID string

// The user_id choices.
const (
	UserIDAlways    AddUserID = "always"
	UserIDOnRequest AddUserID = "on_request"
)

// LoyaltyDowngrade is what type NON_LOYALTY does to a loyalty customer.
type LoyaltyDowngrade string

// The downgrade choices.
const (
	DowngradeFail   LoyaltyDowngrade = "fail"
	DowngradeIgnore LoyaltyDowngrade = "ignore"
)

// IncludeFraudStatus says which customer objects carry fraud_status.
type IncludeFraudStatus string

// The fraud_status choices.
const (
	FraudStatusMobile IncludeFraudStatus = "mobile"
	FraudStatusAlways IncludeFraudStatus = "always"
	FraudStatusNever  IncludeFraudStatus = "never"
)

// FailedAddItem is the shape of a failed customer/add item.
type FailedAddItem string

// The failed-item shapes.
const (
	FailedItemFull  FailedAddItem = "full"
	FailedItemEmpty FailedAddItem = "empty"
)

// DefaultSubscriptionOrder is the order of the vendor's update sample:
// SMS BULK, SMS TRANS, EMAIL BULK, EMAIL TRANS.
var DefaultSubscriptionOrder = [4][2]string{{"SMS", "BULK"}, {"SMS", "TRANS"}, {"EMAIL", "BULK"}, {"EMAIL", "TRANS"}}

// DefaultSettings returns the default of every setting.
func DefaultSettings() Settings {
	return Settings{
		BatchLimit:              100,
		DuplicatePolicy:         DuplicateUpsert,
		SecondaryMatch:          MatchUpdate,
		StrictCheckCode:         ItemPrimaryMismatch,
		PartialSuccess:          true,
		RequestErrorHTTP:        ErrorHTTPMirror,
		InvalidSecondary:        SecondaryFail,
		HonourRegisteredOn:      RegisteredOnExisting,
		ResponseSource:          "instore",
		InvalidTill:             TillFail,
		WarningSuffix:           true,
		Labels:                  map[Identifier]string{Mobile: "Mobile", Email: "Email", ExternalID: "External id"},
		UpdateMethods:           []string{"POST", "PUT"},
		AuthFailureBody:         AuthBodyBasic,
		AddUserID:               UserIDAlways,
		LoyaltyDowngrade:        DowngradeFail,
		ExternalIDCaseSensitive: true,
		IncludeFraudStatus:      FraudStatusMobile,
		MessageTexts:            TextsCurrent,
		SubscriptionOrder:       DefaultSubscriptionOrder,
		FailedAddItem:           FailedItemFull,
		MaxFutureRegistration:   24 * time.Hour,
	}
}

// Label returns the label of id.
func (s *Settings) Label(id Identifier) string {
	if l, ok := s.Labels[id]; ok {
		return l
	}
	return DefaultSettings().Labels[id]
}

// ShowsFraudStatus reports whether customer c's objects carry
// fraud_status.
func (s *Settings) ShowsFraudStatus(c *Customer) bool {
	switch s.IncludeFraudStatus {
	case FraudStatusAlways:
		return true
	case FraudStatusNever:
		return false
	}
	return c.Mobile != ""
}

// Fail returns the failed result for code with its message in the
// settings' wording; why is the sandbox's explanation (X-Sandbox-Explain).
func (s *Settings) Fail(code Code, why string) ItemResult {
	return ItemResult{Code: code, Message: s.MessageTexts.Item(code), Explain: why}
}
