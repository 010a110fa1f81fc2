// Package sandbox holds capsandbox's domain: the vendor's vocabulary of
// codes and messages, customers, the org's registration configuration, the
// registration engine that decides every customer/add item (docs/VENDOR.md, Decision table),
// and the outcome directives a test can force.
//
// The package imports only the standard library. Adapters live beside it:
// boltstore (bbolt), httpapi (Echo), scenario (YAML), schema (JSON Schema).
package sandbox
