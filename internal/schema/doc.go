// Package schema applies the JSON Schemas of package schemas (the files in
// schemas/) with github.com/xeipuuv/gojsonschema. Every schema is compiled
// once per process, on first use or by Load, in a Set that is safe for
// concurrent use.
//
// Validation problems name the offending field by the vendor's key names,
// such as root.customer[0].mobile, so a handler can put them into the
// vendor's 400 message and a test can point at the broken key:
//
//	set, err := schema.Load()
//	...
//	for _, p := range set.Validate(schema.AddRequest, doc) {
//		fmt.Println(p) // root.customer[0].firstname: must be a string, got integer
//	}
package schema
