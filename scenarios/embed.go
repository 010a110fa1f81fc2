// Package scenarios embeds capsandbox's built-in scenario files.
package scenarios

import "embed"

// FS holds every built-in scenario, one YAML file per scenario name.
//
//go:embed *.yaml
var FS embed.FS
