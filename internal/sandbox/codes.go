package sandbox

import (
	"sort"
	"strings"
)

// This file is the vendor's vocabulary: every code capsandbox can return and
// the exact text the vendor sends with it (reference §4). No other file
// spells a vendor message.

// Code is a vendor status code: a request-level code (response.status.code),
// an item code (item_status.code) or a warning code.
type Code int

// Request-level codes (reference §4.1).
const (
	StatusSuccess           Code = 200
	StatusPartial           Code = 201
	StatusBadInput          Code = 400
	StatusUnauthorized      Code = 401
	StatusVersion           Code = 402
	StatusForbidden         Code = 403
	StatusNotFound          Code = 404
	StatusMethod            Code = 405
	StatusUnsupportedOp     Code = 406
	StatusUnknownError      Code = 407
	StatusMACMismatch       Code = 408
	StatusTooLarge          Code = 413
	StatusMediaType         Code = 415
	StatusRateLimited       Code = 429
	StatusSearchBusy        Code = 461
	StatusTokenExpired      Code = 498
	StatusAllFailed         Code = 500
	StatusUnavailable       Code = 503
	StatusConcurrent        Code = 521
	StatusBatchLimit        Code = 1060
	StatusAttributionLookup Code = 1061
	StatusTestControl       Code = 1062
	StatusInvalidOrg        Code = 1064
)

// Item codes used by the engine by name (reference §4.2, §4.3).
const (
	ItemOK                   Code = 1000
	ItemBadInput             Code = 400
	ItemFraud                Code = 618
	ItemInvalidMobile        Code = 1001
	ItemInvalidEmail         Code = 1002
	ItemInvalidExternalID    Code = 1003
	ItemMobileRequired       Code = 1006
	ItemNoIdentifier         Code = 1007
	ItemNoCustomer           Code = 1011
	ItemNotFound             Code = 1012
	ItemEmailExists          Code = 1016
	ItemMobileExists         Code = 1032
	ItemExternalIDExists     Code = 1033
	ItemRegistrationDate     Code = 1034
	ItemEmailRequired        Code = 1039
	ItemExternalIDRequired   Code = 1043
	ItemNonLoyaltyIdentifier Code = 1045
	ItemLoyaltyDowngrade     Code = 1046
	ItemPrimaryMismatch      Code = 1047
	ItemUpgradeNeedsEmail    Code = 1048
	ItemUpgradeNeedsExtID    Code = 1049
	ItemInvalidTill          Code = 91020
	ItemInvalidAttribution   Code = 91021
)

// Warning codes raised by the engine by name (reference §4.4).
const (
	WarnCustomField     Code = 1017
	WarnPreferredStore  Code = 1053
	WarnPrimaryNoUpdate Code = 91005
	WarnUpdateNotAllow  Code = 91006
	WarnOccupied        Code = 91007
	WarnExtendedField   Code = 91015
	WarnChannel         Code = 1101
	WarnPriority        Code = 1102
	WarnScope           Code = 1103
	WarnSubStatus       Code = 1106
)

// Item success messages (reference §3.4).
const (
	MsgRegistered = "Customer registration successful"
	MsgUpdated    = "Customer successfully updated"
	MsgRetrieved  = "Customer successfully retrieved"
)

// requestMessages are the response.status.message texts of request-level
// outcomes (reference §1.5, §1.6, §3.2, §4.1).
var requestMessages = map[Code]string{
	StatusSuccess:           "Success",
	StatusPartial:           "Some requests have failed due to errors",
	StatusBadInput:          "Input is invalid, Please check request parameters or input xml/json",
	StatusUnauthorized:      "Please check your username/password or authentication token",
	StatusVersion:           "Version not supported for this resource",
	StatusForbidden:         "Not authorized. Access is denied!",
	StatusNotFound:          "Incorrect resource or resource not found",
	StatusMethod:            "Incorrect HTTP Method",
	StatusUnsupportedOp:     "Operation not supported for the resource",
	StatusUnknownError:      "Unknown error while processing",
	StatusMACMismatch:       "Network MAC ID mismatch",
	StatusTooLarge:          "Request entity too large",
	StatusMediaType:         "Unsupported media type",
	StatusRateLimited:       "Rate limit exceeded",
	StatusSearchBusy:        "Search engine busy or timed out",
	StatusTokenExpired:      "Token expired",
	StatusAllFailed:         "All requests have failed due to errors",
	StatusUnavailable:       "Authorization status unavailable!",
	StatusConcurrent:        "Multiple actions running for the same customer, please retry later",
	StatusBatchLimit:        "Batch limit exceeded",
	StatusAttributionLookup: "X-CAP-API-ATTRIBUTION-LOOKUP-TYPE is required with X-CAP-API-ATTRIBUTION-LOOKUP",
	StatusTestControl:       "Invalid test & control status",
	StatusInvalidOrg:        "Invalid org id",
}

// itemMessages are the item_status.message texts of failed items
// (reference §2.6 runtime strings, else §4.3 table text).
var itemMessages = map[Code]string{
	ItemBadInput:             "Input is invalid, Please check request parameters or input xml/json",
	500:                      "All requests failed due to errors.",
	ItemFraud:                "Not allowed - customer is marked as fraud.",
	816:                      "Customer not found for organization.",
	ItemInvalidMobile:        "Unable to register. Invalid mobile number.",
	ItemInvalidEmail:         "Unable to register. Invalid email id.",
	ItemInvalidExternalID:    "Unable to register. Invalid external id.",
	1004:                     "Failed to populate store.",
	ItemMobileRequired:       "Unable to register. Mobile number is required.",
	ItemNoIdentifier:         "Error in customer registration: No Valid Mobile Number or External ID or Email provided. Required for registration",
	1008:                     "Unable to register with external id.",
	1009:                     "Unable to add registered customer to MLM.",
	1010:                     "Unable to update loyalty points of the customer.",
	ItemNoCustomer:           "Cannot find customer for provided identifier.",
	ItemNotFound:             "Cannot find customer with the provided mobile number/external ID/e-mail ID.",
	1013:                     "Customer is not registered for the loyalty Program.",
	1014:                     "Customer is registered already.",
	1015:                     "No identifier provided to get loyalty users.",
	ItemEmailExists:          "Unable to register. Email provided already exists for some other user.",
	1017:                     "Provided Custom Field is invalid.",
	1018:                     "Unable to update custom field.",
	1019:                     "Mobile number or external id is required along with the email Id to register.",
	1020:                     "The customer is not registered for loyalty program.",
	1021:                     "Invalid validation code.",
	1023:                     "Unable to register customer to loyalty program.",
	1024:                     "Unable to update customer profile.",
	1025:                     "Mandatory fields are not matching for customer identity update.",
	1026:                     "Count of optional fields match is less than required.",
	1027:                     "Field name provided for verification is invalid.",
	1028:                     "No customer notes are available.",
	1029:                     "Unable to retrieve customer preferences.",
	1030:                     "Unable to update customer preferences.",
	1031:                     "No preferences set for this customer.",
	ItemMobileExists:         "A customer already exists with the same mobile number.",
	ItemExternalIDExists:     "A customer already exists with the same external id.",
	ItemRegistrationDate:     "Unable to register. Registration date is not within the allowed past or future date limit.",
	1035:                     "Unable to update few customer preferences.",
	1036:                     "One or more notes could not be added/updated for customer.",
	1037:                     "Unable to add/update customer notes.",
	1038:                     "Unable to register with external id.",
	ItemEmailRequired:        "Unable to register. Email ID is required.",
	1041:                     "Customer id change request failed.",
	1042:                     "Invalid mobile no/email id/external id.",
	ItemExternalIDRequired:   "Unable to register. Customer's external id is required.",
	1044:                     "You do not have sufficient permission to view the customer details.",
	ItemNonLoyaltyIdentifier: "No valid identifier (mobile/email) passed for non-loyalty customer.",
	ItemLoyaltyDowngrade:     "Conversion of loyalty customer to non-loyalty is not allowed.",
	ItemPrimaryMismatch:      "Customer's primary identifier not matching with other identifiers.",
	ItemUpgradeNeedsEmail:    "Customer's email id is required to convert to loyalty customer.",
	ItemUpgradeNeedsExtID:    "Customer's external id is required to convert to loyalty customer.",
	1051:                     "No transactions or recommendations found for the customer.",
	1059:                     "Error in customer registration. Email or Mobile is required.",
	1060:                     "Batch limit exceeded.",
	1062:                     "Invalid Test & Control status.",
	1086:                     "Points processing failed.",
	1087:                     "Points processing failed.",
	1088:                     "Unable to issue points. Please report to capillary support.",
	1089:                     "Points processing failed.",
	1090:                     "Points processing failed.",
	1091:                     "Points processing failed.",
	1092:                     "Points processing failed.",
	1093:                     "Points processing failed.",
	1094:                     "Points processing failed.",
	1095:                     "Points processing failed.",
	1096:                     "Points processing failed.",
	1097:                     "Points processing failed.",
	1098:                     "Points processing failed.",
	1099:                     "Unable to fetch tracker data for the customer.",
	1101:                     "Invalid channel type.",
	1102:                     "Invalid priority type.",
	1103:                     "Invalid scope.",
	1104:                     "Invalid identifier or no identifier passed.",
	1105:                     "Multiple scopes are not allowed.",
	1106:                     "Invalid subscription status passed.",
	1107:                     "Invalid campaign id passed.",
	1108:                     "Invalid outbox id passed.",
	1109:                     "Unable to add, update or fetch subscription details.",
	1110:                     "Unable to update subscription details.",
	1150:                     "Invalid store ID passed.",
	1202:                     "Invalid campaign token.",
	1203:                     "Invalid campaign configured.",
	1204:                     "The customer may not be eligible for the referral program.",
	1205:                     "Unable to find the referrer in the specific campaign.",
	1206:                     "Failed to add referral. Referral type is not supported.",
	1212:                     "Invalid entity type passed.",
	1213:                     "Invalid programId passed in request.",
	1214:                     "startDate is after endDate.",
	1222:                     "Internal error occurred with the referral system.",
	1301:                     "A ticket already exists with the same subject.",
	1302:                     "Ticket registration failed.",
	1303:                     "Ticket subject should not be empty.",
	8109:                     "Customer is deleted after PII delete request",
	10001:                    "Failed to add customer.",
	10002:                    "Failed to update customer details.",
	91009:                    "Retrieved survivor account for the requested merge victim.",
	91010:                    "Downgrade strategy is not configured.",
	ItemInvalidTill:          "Invalid TILL passed for registration.",
	ItemInvalidAttribution:   "Invalid attribution TILL passed.",
}

// warningTexts are the texts appended to an item message for each warning
// (reference §2.6 message rule, §4.4). "{x}" is replaced by a label.
var warningTexts = map[Code]string{
	WarnCustomField:     "Provided Custom Field is invalid",
	WarnPreferredStore:  "Preferred store specified is not found.",
	91001:               "Failed to get point details.",
	91002:               "Failed to get subscription details.",
	91003:               "Failed to validate.",
	91004:               "Failed to get segmentation details.",
	WarnPrimaryNoUpdate: "{x} is primary identifier and cannot be updated.",
	WarnUpdateNotAllow:  "{x} update is not allowed",
	WarnOccupied:        "Failed to register. {x} already exists for some other user.",
	91011:               "Customer is already in the lowest slab.",
	91012:               "Customer is already in the highest slab.",
	91013:               "Call to Points Engine for tier upgrade criteria has failed.",
	91014:               "Call to Points Engine for tier renewal criteria has failed.",
	WarnExtendedField:   "Failed to update extended fields; or field {x} length too long.",
	91016:               "WECHAT profile is not available for the customer.",
	91017:               "WEB_ENGAGE profile is not available for the customer.",
	91018:               "Unable to load WeChat notifications.",
	91019:               "Unable to load Web Engage notifications.",
	WarnChannel:         "Invalid channel type.",
	WarnPriority:        "Invalid priority type.",
	WarnScope:           "Invalid scope.",
	WarnSubStatus:       "Invalid subscription status passed.",
}

// defaultWarningLabel fills "{x}" when a warning is forced rather than
// raised by the engine, which knows the real label.
var defaultWarningLabel = map[Code]string{
	WarnPrimaryNoUpdate: "Mobile",
	WarnUpdateNotAllow:  "Email",
	WarnOccupied:        "Email",
	WarnExtendedField:   "value",
}

// RequestMessage returns the response.status.message of a request-level code.
func RequestMessage(c Code) string { return requestMessages[c] }

// ItemMessage returns the item_status.message of a failed item code.
func ItemMessage(c Code) string { return itemMessages[c] }

// WarningText returns the text a warning appends to the item message, with
// "{x}" replaced by label (or by a default label when label is empty).
func WarningText(c Code, label string) string {
	t := warningTexts[c]
	if !strings.Contains(t, "{x}") {
		return t
	}
	if label == "" {
		label = defaultWarningLabel[c]
	}
	return strings.ReplaceAll(t, "{x}", label)
}

// IsRequestCode reports whether c is a request-level code.
func IsRequestCode(c Code) bool { _, ok := requestMessages[c]; return ok }

// IsItemErrorCode reports whether c is an item error code (one that fails an
// item), as listed in reference §4.3.
func IsItemErrorCode(c Code) bool { _, ok := itemMessages[c]; return ok }

// IsWarningCode reports whether c is a warning code (reference §4.4, plus the
// subscription codes the engine raises as warnings).
func IsWarningCode(c Code) bool { _, ok := warningTexts[c]; return ok }

// HTTPStatus returns the HTTP status a request-level code is answered with:
// the code itself when it is an HTTP status, else 400 (reference §9 Q4).
func HTTPStatus(c Code) int {
	if c >= 100 && c <= 599 {
		return int(c)
	}
	return 400
}

// ItemErrorCodes lists every item error code in ascending order.
func ItemErrorCodes() []Code { return sortedKeys(itemMessages) }

// WarningCodes lists every warning code in ascending order.
func WarningCodes() []Code { return sortedKeys(warningTexts) }

// RequestCodes lists every request-level code in ascending order.
func RequestCodes() []Code { return sortedKeys(requestMessages) }

func sortedKeys(m map[Code]string) []Code {
	out := make([]Code, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
