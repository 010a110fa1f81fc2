// Command main registers a customer and reads it back through the Go
// client oapi-codegen generates from capsandbox's OpenAPI document; the
// client's package, capclient, is generated beside it by
// scripts/openapi-clients.sh (run by .ci/run), which builds and runs this
// program against a running server:
//
//	go run . http://127.0.0.1:8080
//
// It exits 1 unless the customer is registered (item code 1000) and found
// again with the same user id, with every field read through the
// generated types.
package main

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"oapicheck/capclient"
)

func main() {
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "generated Go client:", err)
		os.Exit(1)
	}
}

func run(base string) error {
	sum := md5.Sum([]byte("123"))
	auth := capclient.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth("till1", hex.EncodeToString(sum[:])) // the vendor's Basic auth: md5hex(password)
		return nil
	})
	c, err := capclient.NewClientWithResponses(base, auth)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ns := capclient.NamespaceHeader("oapi-go-" + strconv.FormatInt(time.Now().UnixNano(), 36))
	userID, err := register(ctx, c, ns)
	if err != nil {
		return err
	}
	return readBack(ctx, c, ns, userID)
}

// register adds one customer and returns its user id.
func register(ctx context.Context, c *capclient.ClientWithResponses, ns capclient.NamespaceHeader) (int, error) {
	var mobile capclient.CustomerAddRequestCustomer_Mobile
	if err := mobile.FromCustomerAddRequestCustomerMobile0("919876543210"); err != nil {
		return 0, err
	}
	first := "Asha"
	var body capclient.AddCustomersJSONRequestBody
	if err := body.Root.Customer.FromCustomerAddRequestRootCustomer0([]capclient.CustomerAddRequestCustomer{{Mobile: &mobile, Firstname: &first}}); err != nil {
		return 0, err
	}
	format := capclient.AddCustomersParamsFormatJson
	res, err := c.AddCustomersWithResponse(ctx, &capclient.AddCustomersParams{Format: &format, XSandboxNamespace: &ns}, body)
	if err != nil {
		return 0, err
	}
	if res.JSON200 == nil {
		return 0, fmt.Errorf("customer/add: HTTP %d: %s", res.StatusCode(), res.Body)
	}
	items := res.JSON200.Response.Customers.Customer
	if len(items) != 1 {
		return 0, fmt.Errorf("customer/add: %d items", len(items))
	}
	cust, err := items[0].AsCustomerAddResponseCustomer()
	if err != nil {
		return 0, err
	}
	if cust.ItemStatus.Code != "1000" || cust.UserId == nil {
		return 0, fmt.Errorf("customer/add: item %s %q, user id %v", cust.ItemStatus.Code, cust.ItemStatus.Message, cust.UserId)
	}
	fmt.Printf("customer/add: user_id %d, code %s %q, status %d %s\n", *cust.UserId, cust.ItemStatus.Code,
		cust.ItemStatus.Message, res.JSON200.Response.Status.Code, res.JSON200.Response.Status.Message)
	return *cust.UserId, nil
}

// readBack finds the customer by mobile and checks its user id and name.
func readBack(ctx context.Context, c *capclient.ClientWithResponses, ns capclient.NamespaceHeader, userID int) error {
	format, mobile, withID := capclient.GetCustomersParamsFormatJson, "919876543210", capclient.GetCustomersParamsUserIdTrue
	res, err := c.GetCustomersWithResponse(ctx, &capclient.GetCustomersParams{Format: &format, Mobile: &mobile, UserId: &withID, XSandboxNamespace: &ns})
	if err != nil {
		return err
	}
	if res.JSON200 == nil || len(res.JSON200.Response.Customers.Customer) != 1 {
		return fmt.Errorf("customer/get: HTTP %d: %s", res.StatusCode(), res.Body)
	}
	found, err := res.JSON200.Response.Customers.Customer[0].AsCustomerGetResponseCustomer()
	if err != nil {
		return err
	}
	if found.UserId == nil || *found.UserId != strconv.Itoa(userID) || found.Firstname != "Asha" {
		return fmt.Errorf("customer/get found user %v %q, want %d Asha", found.UserId, found.Firstname, userID)
	}
	fmt.Printf("customer/get: user_id %s, %s, registered_on %s\n", *found.UserId, found.Firstname, found.RegisteredOn)
	return nil
}
