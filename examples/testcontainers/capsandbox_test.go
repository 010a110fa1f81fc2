// Package capsandbox_test starts the capsandbox image with testcontainers-go
// and registers a customer against it. It lives in its own module so the
// main module does not depend on testcontainers.
//
//	docker build -t capsandbox .           # from the repository root
//	cd examples/testcontainers && go test ./...
//
// Without a Docker engine the test skips.
package capsandbox_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// till1Basic is "Basic " + base64("till1:" + md5hex("123")), the till of
// every built-in scenario.
const till1Basic = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="

// startCapsandbox runs the image configured through environment variables
// only, and waits for the image's own HEALTHCHECK to report healthy.
func startCapsandbox(t *testing.T, scenario string) string {
	t.Helper()
	testcontainers.SkipIfProviderIsNotHealthy(t)
	image := os.Getenv("CAPSANDBOX_IMAGE")
	if image == "" {
		image = "capsandbox:latest"
	}
	ctx := context.Background()
	ctr, err := testcontainers.Run(ctx, image,
		testcontainers.WithExposedPorts("8080/tcp"),
		testcontainers.WithEnv(map[string]string{
			"CAPSANDBOX_SCENARIO": scenario,
			"CAPSANDBOX_DATA":     ":memory:", // throwaway data for a test run
			"CAPSANDBOX_SYNC":     "none",
		}),
		testcontainers.WithWaitStrategy(wait.ForHealthCheck().WithStartupTimeout(30*time.Second)),
	)
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatalf("start %s: %v", image, err)
	}
	base, err := ctr.PortEndpoint(ctx, "8080/tcp", "http")
	if err != nil {
		t.Fatal(err)
	}
	return base
}

func TestRegisterCustomer(t *testing.T) {
	base := startCapsandbox(t, "warning-1017")
	body := `{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`
	req, _ := http.NewRequest(http.MethodPost, base+"/v1.1/customer/add?format=json", strings.NewReader(body))
	req.Header.Set("Authorization", till1Basic)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Sandbox-Namespace", t.Name()) // one world per test
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out struct {
		Response struct {
			Customers struct {
				Customer []struct {
					UserID     int64 `json:"user_id"`
					ItemStatus struct {
						Code     string `json:"code"`
						Warnings struct {
							Warning []string `json:"warning"`
						} `json:"warnings"`
					} `json:"item_status"`
				} `json:"customer"`
			} `json:"customers"`
		} `json:"response"`
	}
	if err := json.Unmarshal(data, &out); err != nil || len(out.Response.Customers.Customer) != 1 {
		t.Fatalf("customer/add answered %d %s", resp.StatusCode, data)
	}
	c := out.Response.Customers.Customer[0]
	if c.ItemStatus.Code != "1000" || len(c.ItemStatus.Warnings.Warning) != 1 || c.ItemStatus.Warnings.Warning[0] != "1017" {
		t.Errorf("item status %+v, want code 1000 with warning 1017", c.ItemStatus)
	}
}
