package reliability

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/proctest"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestKillNineKeepsAcknowledgedRegistrations registers customers from 16
// concurrent clients against `serve --sync MODE`, kills the server with
// SIGKILL in the middle of the burst, restarts it on the same file, and
// checks that every registration that got its answer is there with the
// same user_id — twice over, in each mode — and that the file is
// consistent. Every mode writes each commit to the file before answering,
// so the kernel's page cache keeps it when the process dies; what the
// modes differ on (a power loss) cannot be tried here (docs/PERFORMANCE.md,
// "Durability modes").
func TestKillNineKeepsAcknowledgedRegistrations(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	for _, mode := range []string{"always", "interval", "none"} {
		t.Run("sync="+mode, func(t *testing.T) {
			data := t.TempDir() + "/c.db"
			acked := map[string]string{} // mobile → user_id
			for round := range 2 {
				p := proctest.Serve(t, "--data", data, "--sync", mode)
				checkAcked(t, p.URL, acked)
				got := burstUntilKilled(t, p, int64(round))
				if len(got) < 50 {
					t.Fatalf("round %d: only %d registrations acknowledged before the kill", round, len(got))
				}
				for m, id := range got {
					acked[m] = id
				}
			}
			p := proctest.Serve(t, "--data", data, "--sync", mode)
			checkAcked(t, p.URL, acked)
			if err := p.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if code := p.Wait(t, 10*time.Second); code != 0 {
				t.Fatalf("exit %d after SIGTERM\n%s", code, p.Output())
			}
			checkStore(t, data, len(acked))
			t.Logf("--sync %s: %d registrations acknowledged before two kill -9, all present", mode, len(acked))
		})
	}
}

// burstUntilKilled runs 16 clients registering new customers and kills the
// server with SIGKILL once 200 are acknowledged, while requests are still
// in flight. It returns the acknowledged mobiles and user ids.
func burstUntilKilled(t *testing.T, p *proctest.Proc, round int64) map[string]string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	got := map[string]string{}
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	for w := range int64(16) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int64(0); ctx.Err() == nil; i++ {
				n := 7000000000 + round*100000000 + w*1000000 + i
				if id, ok := register(ctx, client, p.URL, n); ok {
					mu.Lock()
					got["91"+strconv.FormatInt(n, 10)] = id
					mu.Unlock()
				}
			}
		}()
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= 200 {
			break
		}
	}
	if err := p.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.Wait(t, 10*time.Second)
	cancel()
	wg.Wait()
	return got
}

// register adds customer n and returns its user_id when the answer says
// it was registered.
func register(ctx context.Context, client *http.Client, base string, n int64) (string, bool) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+addPath, strings.NewReader(customerBody(n)))
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	var doc struct {
		Response struct {
			Customers struct {
				Customer []struct {
					UserID     json.Number           `json:"user_id"`
					ItemStatus struct{ Code string } `json:"item_status"`
				}
			}
		}
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&doc) != nil {
		return "", false
	}
	c := doc.Response.Customers.Customer
	if len(c) != 1 || c[0].ItemStatus.Code != "1000" || c[0].UserID == "" {
		return "", false
	}
	return c[0].UserID.String(), true
}

// checkAcked looks up every acknowledged mobile and compares user ids.
func checkAcked(t *testing.T, base string, acked map[string]string) {
	t.Helper()
	for m, id := range acked {
		resp, err := http.Get(base + "/__sandbox/customers?mobile=" + m)
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Customers []struct {
				UserID json.Number `json:"user_id"`
			}
		}
		err = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if err != nil || len(list.Customers) != 1 || list.Customers[0].UserID.String() != id {
			t.Fatalf("acknowledged mobile %s (user_id %s) after restart: %+v %v", m, id, list.Customers, err)
		}
	}
}

// checkStore opens the file the way the server does and checks it.
func checkStore(t *testing.T, data string, atLeast int) {
	t.Helper()
	s, err := boltstore.Open(data, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatalf("store inconsistent: %v", err)
	}
	n := 0
	if err := s.View("default", func(tx sandbox.Tx) error {
		n = tx.Count()
		return nil
	}); err != nil || n < atLeast {
		t.Fatalf("%d customers stored (%v), %d acknowledged", n, err, atLeast)
	}
}

// TestSigtermFinishesInFlightRequests sends SIGTERM while a request is
// held by a forced delay: that request still gets its full answer, new
// connections are refused, and the server exits 0 with the store closed
// (another process can open it at once) and holding the customer.
func TestSigtermFinishesInFlightRequests(t *testing.T) {
	data := t.TempDir() + "/c.db"
	p := proctest.Serve(t, "--data", data, "--sync", "always")
	type answer struct {
		status int
		body   string
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, p.URL+addPath, strings.NewReader(customerBody(7123456789)))
		req.Header.Set("Authorization", auth)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Sandbox-Outcome", "delay=700ms")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- answer{resp.StatusCode, string(b), err}
	}()
	time.Sleep(250 * time.Millisecond)
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(p.URL, "http://"), time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after SIGTERM")
	}
	a := <-done
	if a.err != nil || a.status != http.StatusOK || !strings.Contains(a.body, `"code":"1000"`) {
		t.Fatalf("in-flight request: HTTP %d %v %s", a.status, a.err, a.body)
	}
	if code := p.Wait(t, 10*time.Second); code != 0 {
		t.Fatalf("exit %d after SIGTERM\n%s", code, p.Output())
	}
	s, err := boltstore.Open(data, boltstore.Options{LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store not released after exit: %v", err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}
