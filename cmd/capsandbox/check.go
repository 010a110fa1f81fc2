package main

import (
	"fmt"
	"io"
	"time"

	"github.com/capsandbox/capsandbox/internal/boltstore"
)

func init() {
	commands["check"] = command{"report a store file's health (read-only; exit 1 when damaged)", runCheck}
}

// runCheck checks a store file: its header against its size, bbolt's page
// structure and the identifier indexes, read-only, to the end.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flagSet("check", stderr)
	data := fs.String("data", envString("CAPSANDBOX_DATA", "capsandbox.db"), "bbolt store file (env CAPSANDBOX_DATA)")
	lock, err := envDuration("CAPSANDBOX_LOCK_TIMEOUT", time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "capsandbox check: %v\n", err)
		return 2
	}
	lockTimeout := fs.Duration("lock-timeout", lock, "wait this long for a server holding the file (env CAPSANDBOX_LOCK_TIMEOUT)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "capsandbox check: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	start := time.Now()
	r, err := boltstore.CheckFile(*data, *lockTimeout)
	if err != nil {
		fmt.Fprintf(stderr, "capsandbox check: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "store %s: ok: %d bytes, %d namespaces, %d customers, checked in %v\n",
		*data, r.Size, r.Namespaces, r.Customers, time.Since(start).Round(time.Millisecond))
	return 0
}
