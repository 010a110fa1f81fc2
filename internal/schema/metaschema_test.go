package schema

import (
	"io/fs"
	"testing"

	"github.com/capsandbox/capsandbox/schemas"
	"github.com/xeipuuv/gojsonschema"
)

// TestSchemasMatchMetaschema checks every embedded schema against the
// draft-07 metaschema, which Load skips to start faster.
func TestSchemasMatchMetaschema(t *testing.T) {
	files, err := fs.Glob(schemas.FS, "*"+fileSuffix)
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas: %v", err)
	}
	for _, file := range files {
		raw, err := fs.ReadFile(schemas.FS, file)
		if err != nil {
			t.Fatal(err)
		}
		loader := gojsonschema.NewSchemaLoader()
		loader.Draft = gojsonschema.Draft7
		loader.AutoDetect = false
		loader.Validate = true
		if _, err := loader.Compile(gojsonschema.NewBytesLoader(raw)); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
	bad := []byte(`{"$schema":"http://json-schema.org/draft-07/schema#","type":"no-such-type"}`)
	loader := gojsonschema.NewSchemaLoader()
	loader.Draft, loader.AutoDetect, loader.Validate = gojsonschema.Draft7, false, true
	if _, err := loader.Compile(gojsonschema.NewBytesLoader(bad)); err == nil {
		t.Error("the metaschema check accepted an invalid schema; this test proves nothing")
	}
}
