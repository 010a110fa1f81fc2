package sandbox

import "time"

// Settings decide what the reference leaves open (its §9 questions Q1–Q20)
// and the sandbox's own limits. A scenario's `sandbox:` block sets them;
// DefaultSettings gives the reference's "best inference" for each.
type Settings struct {
	// BatchLimit is the most customers one add accepts (Q5); more → 1060.
	BatchLimit int
	// DuplicatePolicy is "upsert" (the vendor) or "reject": an add whose
	// identifier already exists fails with 1032 / 1016 / 1033.
	DuplicatePolicy string
	// RateLimitPerMinute limits requests per till (Q20); 0 = unlimited.
	RateLimitPerMinute int

	// SecondaryMatch (Q1) is what an add does when the primary is new but a
	// secondary belongs to customer D with both mismatch configs off:
	// "update" (treat D as the customer, M8) or "create" (a new customer).
	SecondaryMatch string
	// StrictCheckCode (Q2) is the item code of the strict-check failure.
	StrictCheckCode Code
	// PartialSuccess (Q3) is status.success when some items failed.
	PartialSuccess string
	// RequestErrorHTTP (Q4): "mirror" answers request-level errors with the
	// code as HTTP status (1060 → 400); "200" answers them with HTTP 200.
	RequestErrorHTTP string
	// InvalidSecondary (Q6): "fail" fails an item whose secondary identifier
	// is invalid (1001/1002/1003); "drop" ignores that identifier.
	InvalidSecondary string
	// HonourRegisteredOn (Q7) keeps a valid client registered_on; when
	// false the server time is used.
	HonourRegisteredOn bool
	// ResponseSource (Q8) is the source every customer object reports.
	ResponseSource string
	// BlockFraud (Q9) fails add/update of a CONFIRMED or RECONFIRMED
	// customer with 618.
	BlockFraud bool
	// InvalidTill (Q10): "fail" (91020/91021) or "ignore".
	InvalidTill string
	// WarningSuffix (Q11) appends ", <warning text>" per warning to the item
	// message.
	WarningSuffix bool
	// Labels (Q12) name the identifiers in 91005/91006/91007 texts.
	Labels map[Identifier]string
	// UpdateMethods (Q14) are the methods customer/update accepts.
	UpdateMethods []string
	// AuthFailureBody (Q15): "basic" (status block only) or "oauth"
	// (success "true", code "401", message "Unauthorized", customers null).
	AuthFailureBody string
	// AddUserID (Q16): "always" or "on_request" (only with user_id=true).
	AddUserID string
	// LoyaltyDowngrade (Q17): "fail" (1046) or "ignore".
	LoyaltyDowngrade string
	// ExternalIDCaseSensitive (Q18) compares external ids exactly.
	ExternalIDCaseSensitive bool
	// WarnDroppedSecondary (Q19) adds 91007 when skip-secondary drops one.
	WarnDroppedSecondary bool
	// IncludeFraudStatus adds fraud_status and reason to customer objects
	// (one seed sample omits them).
	IncludeFraudStatus bool
	// ExplainErrors appends the problem (field path, reason) to request-level
	// error messages; false keeps the vendor's exact text.
	ExplainErrors bool
	// MaxFutureRegistration is how far past now a registered_on may lie.
	MaxFutureRegistration time.Duration
}

// DefaultSettings returns the reference's best inference for every open
// question.
func DefaultSettings() Settings {
	return Settings{
		BatchLimit:              100,
		DuplicatePolicy:         "upsert",
		SecondaryMatch:          "update",
		StrictCheckCode:         ItemPrimaryMismatch,
		PartialSuccess:          "true",
		RequestErrorHTTP:        "mirror",
		InvalidSecondary:        "fail",
		HonourRegisteredOn:      true,
		ResponseSource:          "instore",
		InvalidTill:             "fail",
		WarningSuffix:           true,
		Labels:                  map[Identifier]string{Mobile: "Mobile", Email: "Email", ExternalID: "External id"},
		UpdateMethods:           []string{"POST", "PUT"},
		AuthFailureBody:         "basic",
		AddUserID:               "always",
		LoyaltyDowngrade:        "fail",
		ExternalIDCaseSensitive: true,
		IncludeFraudStatus:      true,
		ExplainErrors:           true,
		MaxFutureRegistration:   24 * time.Hour,
	}
}

// Label returns the Q12 label of id.
func (s *Settings) Label(id Identifier) string {
	if l, ok := s.Labels[id]; ok {
		return l
	}
	return DefaultSettings().Labels[id]
}
