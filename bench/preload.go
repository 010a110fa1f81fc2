package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/server"
)

// Mobile numbers the harness uses: 91 followed by ten digits.
const (
	preloadFirst = 6000000000 // preloaded customer i has mobile 91<preloadFirst+i>
	newFirst     = 7000000000 // add-new runs take their mobiles in turn from here (scriptArgs)
	lastMobile   = 9999999999
)

// threadRate bounds the requests one wrk thread sends in a second (wrk on
// loopback does well under a tenth of it); it sizes each add-new run's
// share of mobiles. Should a run exceed it anyway, its mobiles run into the
// next thread's and checkCount reports the customers that were updated
// instead of added.
const threadRate = 250000

// preloadChunk is how many customers one preload transaction registers.
const preloadChunk = 5000

// preload registers n customers into the store file path through the
// registration engine, in large transactions: the same customers
// customer/add would store for the bodies the load scripts send (see
// customer() in lua/common.lua), without the HTTP round trips.
func preload(path string, n int) (time.Duration, error) {
	t0 := time.Now()
	srv, err := server.New(server.Options{Data: path, Sync: "none", LogOutput: io.Discard})
	if err != nil {
		return 0, err
	}
	defer srv.Close()
	ns, err := srv.Spaces.Get(namespace.Default)
	if err != nil {
		return 0, err
	}
	for start := 0; start < n; start += preloadChunk {
		end := min(start+preloadChunk, n)
		if err := preloadRange(ns, start, end); err != nil {
			return 0, err
		}
		if end%100000 == 0 {
			say("  preloaded %d of %d customers", end, n)
		}
	}
	return time.Since(t0), srv.Close()
}

func preloadRange(ns *namespace.Namespace, start, end int) error {
	st := ns.State()
	return ns.Update(func(tx sandbox.Tx) error {
		for i := start; i < end; i++ {
			in := benchInput(preloadFirst + int64(i))
			r, err := st.Engine.Add(tx, &in, st.Now, sandbox.Outcome{})
			if err != nil {
				return err
			}
			if !r.Success || !r.Created {
				return fmt.Errorf("preload of customer %d: item code %d %s", i, r.Code, r.Message)
			}
		}
		return nil
	})
}

// benchFields are the custom fields of every harness customer.
var benchFields = []sandbox.Field{
	{Name: "City_name", Value: "Bangalore"}, {Name: "address", Value: "Bangalore1234"},
	{Name: "bde_mobile_number", Value: "12345678"}, {Name: "bde_name", Value: "pidilite"},
	{Name: "firm_name", Value: "pidilite1"}, {Name: "club", Value: "pidilite2"},
	{Name: "pincode", Value: "54321"}, {Name: "pwgConsumption", Value: "true"},
	{Name: "state", Value: "pidilite5"}, {Name: "profile_image_name", Value: "customerprofile1"},
}

// customerBody is the body customer(n) in lua/common.lua sends.
func customerBody(n int64) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"root":{"customer":[{"mobile":"91%d","email":"u%d@example.com",`+
		`"firstname":"Asha","lastname":"Rao","type":"LOYALTY","custom_fields":{"field":[`, n, n)
	for i, f := range benchFields {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":%q,"value":%q}`, f.Name, f.Value)
	}
	b.WriteString(`]}}]}}`)
	return []byte(b.String())
}

// benchInput is the item customerBody(n) carries.
func benchInput(n int64) sandbox.ItemInput {
	m := strconv.FormatInt(n, 10)
	return sandbox.ItemInput{Mobile: "91" + m, Email: "u" + m + "@example.com", FirstName: "Asha",
		LastName: "Rao", Type: sandbox.TypeLoyalty, Till: "till1", CustomFields: benchFields}
}
