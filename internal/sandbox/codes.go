package sandbox

// This file is the vendor's vocabulary: every code capsandbox can return and
// the exact text the vendor sends with it, in the vendor's current wording
// and, where its older documentation words it differently, the legacy one
// (docs/FIDELITY.md lists the sources). No other file spells a vendor
// message; texts.go looks them up.

// Code is a vendor status code: a request-level code (response.status.code),
// an item code (item_status.code) or a warning code.
type Code int

// Request-level codes (docs/VENDOR.md, Codes).
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
	StatusHeadersTooLarge   Code = 431
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

// Item codes used by the engine by name (docs/VENDOR.md, Codes).
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

// Warning codes raised by the engine by name (docs/VENDOR.md, Codes).
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

// Item success messages (docs/VENDOR.md, Response).
const (
	MsgRegistered = "Customer registration successful"
	MsgUpdated    = "Customer successfully updated"
	MsgRetrieved  = "Customer successfully retrieved"
)

// MsgGetNoIdentifier is the request-level 400 message of a customer/get
// without any identifier parameter (the vendor's status-code page).
const MsgGetNoIdentifier = "Input is invalid. Please check request parameters or input xml/json; No identifier provided to get loyalty users."

// requestMessages are the response.status.message texts of request-level
// outcomes: the vendor's current wording (its errors page, else the
// legacy API index). 413, 429 and 431 are the sandbox's own codes and
// texts. 498 is completed with the expiry time by TokenExpiredMessage.
var requestMessages = map[Code]string{
	StatusSuccess:           "Success",
	StatusPartial:           "Some requests have failed due to errors",
	StatusBadInput:          "Invalid input. Please check request body parameters or input xml/json.",
	StatusUnauthorized:      "Authentication failed. Please check username and password.",
	StatusVersion:           "Version is not supported for this resource",
	StatusForbidden:         "Not authorized. Access is denied!",
	StatusNotFound:          "Incorrect resource or resource not found.",
	StatusMethod:            "The operation is not supported for the resource.",
	StatusUnsupportedOp:     "Operation is not supported for the resource",
	StatusUnknownError:      "Unknown Error happened while processing the request",
	StatusMACMismatch:       "Network MAC ID does not match",
	StatusTooLarge:          "Request entity too large",
	StatusMediaType:         "Unsupported media type.",
	StatusRateLimited:       "Rate limit exceeded",
	StatusHeadersTooLarge:   "Request header fields too large",
	StatusSearchBusy:        "Search Engine is busy or unable to respond. Please try after some time.",
	StatusTokenExpired:      "Token expired at",
	StatusAllFailed:         "All requests have failed due to errors",
	StatusUnavailable:       "Authorization status unavailable!",
	StatusConcurrent:        "Multiple actions are running for the same customer. Please try after some time.",
	StatusBatchLimit:        "Batch limit size exceeded.",
	StatusAttributionLookup: "X-CAP-API-ATTRIBUTION-LOOKUP-TYPE header required with X-CAP-API-ATTRIBUTION-LOOKUP header.",
	StatusTestControl:       "Invalid test and control status.",
	StatusInvalidOrg:        "Invalid org ID passed.",
}

// legacyRequestMessages are the legacy API index's wordings where they
// differ from the current ones (message_texts: legacy).
var legacyRequestMessages = map[Code]string{
	StatusBadInput:     "Input is invalid, Please check request parameters or input xml/json",
	StatusUnauthorized: "Please check your username/password or authentication token",
	StatusNotFound:     "Incorrect resource",
	StatusMethod:       "Incorrect HTTP Method",
	StatusBatchLimit:   "Batch limit exceeded",
	StatusTestControl:  "Invalid Test & Control Status",
}

// MsgOAuthUnauthorized is the message of the OAuth gateway's 401 body.
const MsgOAuthUnauthorized = "Unauthorized"

// itemMessages are the item_status.message texts of failed items
// (the texts the vendor sends at runtime where they differ from its code
// table, docs/VENDOR.md, Decision table; else the table's, Codes).
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
	ItemNoIdentifier:         "Error in customer registration: No Valid Mobile Number or External ID or Email provided required for registration",
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
	ItemExternalIDRequired:   "Unable to register. Customer\u2019s external id is required.",
	1044:                     "You do not have sufficient permission to view the customer details.",
	ItemNonLoyaltyIdentifier: "No valid identifier (mobile/email) passed for non-loyalty customer.",
	ItemLoyaltyDowngrade:     "Conversion of loyalty customer to non-loyalty is not allowed.",
	ItemPrimaryMismatch:      "Customer's primary identifier not matching with other identifiers.",
	ItemUpgradeNeedsEmail:    "Customer\u2019s email id is required to convert to loyalty customer.",
	ItemUpgradeNeedsExtID:    "Customer\u2019s external id is required to convert to loyalty customer.",
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
// (docs/VENDOR.md, Decision table, "Message rule"; Codes). "{x}" is
// replaced by a label.
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
	91013:               "Call to Points Engine for tier upgrade criteria has failed {x}.",
	91014:               "Call to Points Engine for tier renewal criteria has failed {x}.",
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

// legacyItemMessages are the legacy wordings of item texts where the
// runtime text differs (message_texts: legacy).
var legacyItemMessages = map[Code]string{
	ItemNoIdentifier: "Unable to register customer. No valid primary identifier mobile number, email ID, or external ID passed.",
}

// legacyWarningTexts are the legacy status page's wordings of warnings
// (message_texts: legacy); "{y}" is the refused value.
var legacyWarningTexts = map[Code]string{
	91003:               "Validation failed.",
	WarnPrimaryNoUpdate: "{x} is Primary Key, {y} cannot be updated.",
	WarnOccupied:        "{x} is already occupied by some other user, ignoring it.",
}
