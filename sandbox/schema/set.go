package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/capsandbox/capsandbox/schemas"
	"github.com/xeipuuv/gojsonschema"
)

// Names of the schemas in schemas/: a file's name without ".schema.json".
const (
	// AddRequest is the body of POST /v1.1/customer/add.
	AddRequest = "customer-add.request"
	// UpdateRequest is the body of POST or PUT /v1.1/customer/update.
	UpdateRequest = "customer-update.request"
	// AddResponse is the item-processing response of customer/add and
	// customer/update (status 200, 201 or 500).
	AddResponse = "customer-add.response"
	// GetResponse is the item-processing response of customer/get.
	GetResponse = "customer-get.response"
	// RequestError is the status-only body of a request-level failure
	// (400, 401, 403, 404, 405, 413, 415, 429, 503, 1060, ...).
	RequestError = "request-error.response"
	// OrgConfigs is the response of GET /v1.1/organization/configs.
	OrgConfigs = "organization-configs.response"
	// OrgCustomFields is the response of GET /v1.1/organization/customfields.
	OrgCustomFields = "organization-customfields.response"
	// Scenario is a scenario file (YAML decoded to generic values).
	Scenario = "scenario"
)

const fileSuffix = ".schema.json"

// Set holds every compiled schema of schemas/. It is immutable and safe
// for concurrent use.
type Set struct {
	compiled map[string]*gojsonschema.Schema
	fast     map[string]*fast // fast checkers, where the schema allows (fast.go)
}

// Load compiles every *.schema.json file embedded in package schemas, once
// per process: a Set is immutable, so every call returns the same one. A
// file that is not valid JSON or not a valid draft-07 schema makes it fail
// with an error naming the file.
func Load() (*Set, error) {
	return defaultSet()
}

var defaultSet = sync.OnceValues(func() (*Set, error) { return load(schemas.FS) })

// Default returns a Set loaded once per process and shared. It panics if
// the embedded schemas do not compile, which the package tests rule out.
func Default() *Set {
	s, err := defaultSet()
	if err != nil {
		panic(err)
	}
	return s
}

func load(fsys fs.FS) (*Set, error) {
	files, err := fs.Glob(fsys, "*"+fileSuffix)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("schema: no *" + fileSuffix + " files embedded")
	}
	s := &Set{compiled: make(map[string]*gojsonschema.Schema, len(files)), fast: map[string]*fast{}}
	compiled, errs := make([]*gojsonschema.Schema, len(files)), make([]error, len(files))
	var wg sync.WaitGroup
	for i, file := range files { // in parallel: this is most of a server's start-up CPU
		wg.Add(1)
		go func() {
			defer wg.Done()
			compiled[i], errs[i] = compile(fsys, file)
		}()
	}
	wg.Wait()
	for i, file := range files {
		if errs[i] != nil {
			return nil, fmt.Errorf("schema: %s: %w", file, errs[i])
		}
		s.compiled[strings.TrimSuffix(file, fileSuffix)] = compiled[i]
		if raw, err := fs.ReadFile(fsys, file); err == nil {
			s.fast[strings.TrimSuffix(file, fileSuffix)] = compileFast(raw)
		}
	}
	return s, nil
}

func compile(fsys fs.FS, file string) (*gojsonschema.Schema, error) {
	raw, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	if !json.Valid(raw) {
		return nil, errors.New("not valid JSON")
	}
	loader := gojsonschema.NewSchemaLoader()
	loader.Draft = gojsonschema.Draft7
	loader.AutoDetect = false
	// Checking each file against the draft-07 metaschema would double the
	// compile time of every server start; the embedded files are checked
	// by TestSchemasMatchMetaschema instead.
	loader.Validate = false
	return loader.Compile(gojsonschema.NewBytesLoader(raw))
}

// Names returns the names of the schemas in the set, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.compiled))
	for name := range s.compiled {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Validate checks doc, a decoded JSON value (map[string]any, []any,
// string, json.Number or float64 or another Go number, bool, nil),
// against the named schema. It returns nil when doc is valid, else the
// problems sorted by path. An unknown name is reported as a problem with an
// empty path.
func (s *Set) Validate(name string, doc any) []Problem {
	compiled, ok := s.compiled[name]
	if !ok {
		return []Problem{{Message: fmt.Sprintf("unknown schema %q", name)}}
	}
	doc, err := normalize(doc)
	if err != nil {
		return []Problem{{Message: "cannot be checked: " + err.Error()}}
	}
	if f := s.fast[name]; f != nil && f.check(doc) == valid {
		return nil
	}
	result, err := compiled.Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		return []Problem{{Message: "cannot be checked: " + err.Error()}}
	}
	if result.Valid() {
		return nil
	}
	return problems(result.Errors(), doc)
}

// ValidateJSON decodes body as one JSON document and checks it like
// Validate. A body that is not a single valid JSON document is reported as
// one problem with an empty path.
func (s *Set) ValidateJSON(name string, body []byte) []Problem {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return []Problem{{Message: "is not valid JSON: " + err.Error()}}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return []Problem{{Message: "is not valid JSON: data after the document"}}
	}
	return s.Validate(name, doc)
}
