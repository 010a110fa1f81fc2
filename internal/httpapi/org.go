package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/wire"
	"github.com/labstack/echo/v4"
)

// orgDoc is the organization endpoints' envelope: a status block whose
// code is a string and whose message is upper-case (as in the vendor's
// examples), then {"organization": {key: content}}.
func orgDoc(key string, content wire.Value) wire.Value {
	s := wire.Object(3)
	s.Add("success", wire.String("true")).
		Add("code", wire.String(strconv.Itoa(int(sandbox.StatusSuccess)))).
		Add("message", wire.String(strings.ToUpper(sandbox.RequestMessage(sandbox.StatusSuccess))))
	resp := wire.Object(2)
	resp.Add("status", s).Add("organization", wire.Wrap(key, content))
	return wire.Wrap("response", resp)
}

// configs serves GET /v1.1/organization/configs: the active scenario's
// registration configs in the vendor's key/value shape (docs/VENDOR.md, Registration configs).
func (a *API) configs(c echo.Context) error {
	rs := a.state(c)
	org := rs.st.Scenario.Org
	items := make([]wire.Value, 0, len(sandbox.ConfigDefs))
	for _, d := range sandbox.ConfigDefs {
		valueType := d.ValueType
		if valueType == "BOOLEAN" {
			valueType = "NUMERIC"
		}
		o := wire.Object(6)
		o.Add("key", wire.String(d.Key)).
			Add("scopes", wire.String("ORG")).
			Add("value_type", wire.String(valueType)).
			Add("modules", wire.String("LOYALTY")).
			Add("entity_id", wire.String(strconv.FormatInt(org.ID, 10))).
			Add("value", wire.String(org.Configs.Value(d.Key)))
		items = append(items, o)
	}
	a.write(c, rs, http.StatusOK, orgDoc("configs", wire.Wrap("config", wire.Array(items...))))
	return nil
}

// customFields serves GET /v1.1/organization/customfields: the active
// scenario's custom field definitions, optionally filtered by Scope
// (docs/VENDOR.md: Extended and custom fields, Organization endpoints). As
// in the vendor's sample, one field is an object rather than a list of one;
// none is an empty list.
func (a *API) customFields(c echo.Context) error {
	rs := a.state(c)
	scope := c.QueryParam("Scope")
	if scope == "" {
		scope = c.QueryParam("scope")
	}
	var items []wire.Value
	for _, d := range rs.st.Scenario.Org.CustomFields {
		if scope != "" && !strings.EqualFold(scope, d.Scope) {
			continue
		}
		items = append(items, customFieldDef(&d))
	}
	field := wire.Array(items...)
	if len(items) == 1 {
		field = items[0]
	}
	a.write(c, rs, http.StatusOK, orgDoc("custom_fields", wire.Wrap("field", field)))
	return nil
}

func customFieldDef(d *sandbox.CustomFieldDef) wire.Value {
	options := ""
	if len(d.Options) > 0 {
		b, _ := json.Marshal(d.Options)
		options = string(b) // the vendor sends a JSON-array string, like its defaults
	}
	o := wire.Object(14)
	o.Add("name", wire.String(d.Name)).
		Add("label", wire.String(d.Label)).
		Add("type", wire.String(d.Type)).
		Add("datatype", wire.String(d.DataType)).
		Add("default", wire.String(d.Default)).
		Add("phase", wire.String(d.Phase)).
		Add("position", wire.String(strconv.Itoa(d.Position))).
		Add("rule", wire.String(d.Rule)).
		Add("regex", wire.String(d.Regex)).
		Add("error", wire.String(d.Error)).
		Add("options", wire.String(options)).
		Add("scope", wire.String(d.Scope)).
		Add("is_mandatory", wire.String(boolDigit(d.Mandatory))).
		Add("is_disabled", wire.String(boolDigit(d.Disabled)))
	return o
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
