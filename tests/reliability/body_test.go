package reliability

import "strconv"

// The crash and store-fault tests run the real binary through package
// internal/proctest (built once for every package that runs it).

// customerBody is an add of one customer with mobile 91<n>.
func customerBody(n int64) string {
	m := strconv.FormatInt(n, 10)
	return `{"root":{"customer":[{"mobile":"91` + m + `","email":"u` + m + `@example.com","firstname":"Asha"}]}}`
}
