package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// seededStore writes n fake customers with `capsandbox seed` (the way a
// user fills a store) and measures that store like the preloaded ones. The
// workloads use the harness's own preload instead, because they need to
// know the stored mobiles.
func (h *harness) seededStore(n int) error {
	data := filepath.Join(h.c.work, fmt.Sprintf("seeded-%d.db", n))
	say("capsandbox seed --count %d into %s", n, data)
	t0 := time.Now()
	out, err := exec.Command(h.bin, "seed", "--count", strconv.Itoa(n), "--data", data, "--sync", "none").CombinedOutput()
	if err != nil {
		return fmt.Errorf("capsandbox seed: %v\n%s", err, out)
	}
	return h.addStore(data, n, time.Since(t0), seededBy)
}
