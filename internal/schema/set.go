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
	"sync/atomic"

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

// Set holds the schemas of schemas/. Each is compiled on first use or by
// CompileAll (a server is ready sooner when compiling waits until after).
// It is safe for concurrent use.
type Set struct {
	items       map[string]*item
	allCompiled atomic.Bool // CompileAll succeeded: a later call has nothing to do
}

// item is one schema file and, once compiled, its gojsonschema and fast
// checkers.
type item struct {
	file string
	raw  []byte
	once sync.Once
	gjs  *gojsonschema.Schema
	fast *fast // nil where the schema does not allow a fast checker (fast.go)
	err  error
}

func (it *item) compiled() (*gojsonschema.Schema, *fast, error) {
	it.once.Do(func() {
		it.gjs, it.err = compile(it.raw)
		if it.err != nil {
			it.err = fmt.Errorf("schema: %s: %w", it.file, it.err)
			return
		}
		it.fast = compileFast(it.raw)
	})
	return it.gjs, it.fast, it.err
}

// Load returns the process's Set with every schema compiled: a Set is
// immutable, so every call returns the same one. A file that is not valid
// JSON or not a valid draft-07 schema makes it fail with an error naming
// the file.
func Load() (*Set, error) {
	s, err := defaultSet()
	if err != nil {
		return nil, err
	}
	return s, s.CompileAll()
}

var defaultSet = sync.OnceValues(func() (*Set, error) { return load(schemas.FS) })

// Default returns the Set shared by the process, its schemas compiled on
// first use. It panics if the embedded files cannot be read, which the
// package tests rule out.
func Default() *Set {
	s, err := defaultSet()
	if err != nil {
		panic(err)
	}
	return s
}

// load reads the schema files of fsys; it compiles none of them.
func load(fsys fs.FS) (*Set, error) {
	files, err := fs.Glob(fsys, "*"+fileSuffix)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("schema: no *" + fileSuffix + " files embedded")
	}
	s := &Set{items: make(map[string]*item, len(files))}
	for _, file := range files {
		raw, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("schema: %s: %w", file, err)
		}
		s.items[strings.TrimSuffix(file, fileSuffix)] = &item{file: file, raw: raw}
	}
	return s, nil
}

// CompileAll compiles every schema not compiled yet, in parallel, and
// returns the first error in file order.
func (s *Set) CompileAll() error {
	if s.allCompiled.Load() {
		return nil
	}
	var wg sync.WaitGroup
	for _, it := range s.items {
		wg.Go(func() { it.compiled() })
	}
	wg.Wait()
	for _, name := range s.Names() {
		if _, _, err := s.items[name].compiled(); err != nil {
			return err
		}
	}
	s.allCompiled.Store(true)
	return nil
}

func compile(raw []byte) (*gojsonschema.Schema, error) {
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
	names := make([]string, 0, len(s.items))
	for name := range s.items {
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
	it, ok := s.items[name]
	if !ok {
		return []Problem{{Message: fmt.Sprintf("unknown schema %q", name)}}
	}
	compiled, f, err := it.compiled()
	if err != nil {
		return []Problem{{Message: "cannot be checked: " + err.Error()}}
	}
	doc, err = normalize(doc)
	if err != nil {
		return []Problem{{Message: "cannot be checked: " + err.Error()}}
	}
	if f != nil && f.check(doc) == valid {
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
