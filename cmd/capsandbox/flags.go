package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// flagSet returns a flag set that reports errors to stderr and does not
// exit. Its usage text (-h) is the command's summary and flags; a command
// with arguments sets its own.
func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("capsandbox "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		synopsis := name
		if name == "serve" {
			synopsis = "[serve]"
		}
		fmt.Fprintf(fs.Output(), "usage: capsandbox %s [flags]\n\n%s.\n\n", synopsis, commands[name].summary)
		printFlags(fs)
	}
	return fs
}

// printFlags lists a flag set's flags with their help, which names the
// environment variable of each flag that has one.
func printFlags(fs *flag.FlagSet) {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		fmt.Fprintln(fs.Output(), "no flags")
		return
	}
	fmt.Fprintln(fs.Output(), "flags (-name or --name; a flag wins over its environment variable):")
	fs.PrintDefaults()
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

// envBool returns the environment variable as a boolean (1, true, yes /
// 0, false, no), or def; another value is an error naming the variable.
func envBool(key string, def bool) (bool, error) {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return def, nil
	}
	switch strings.ToLower(v) {
	case "1", "true", "yes":
		return true, nil
	case "0", "false", "no":
		return false, nil
	}
	return false, fmt.Errorf("%s must be true or false, not %q", key, v)
}

// envDuration returns the environment variable as a Go duration, or def.
func envDuration(key string, def time.Duration) (time.Duration, error) {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s must be a duration such as 30s, not %q", key, v)
	}
	return d, nil
}
