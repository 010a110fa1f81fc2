package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
)

// flagSet returns a flag set that reports errors to stderr and does not
// exit.
func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("capsandbox "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// envString returns the environment variable's value, or def when it is
// unset or empty (an empty variable in a service definition means "not
// configured", not "configured to nothing").
func envString(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// envInt64 returns the environment variable as an integer, or def; a
// value that is not an integer is an error naming the variable.
func envInt64(key string, def int64) (int64, error) {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s must be an integer, not %q", key, v)
	}
	return n, nil
}
