package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/capsandbox/capsandbox/internal/cassette"
	"github.com/capsandbox/capsandbox/internal/verify"
)

func init() {
	commands["verify"] = command{"replay a cassette against a fresh sandbox and report structural differences", runVerify}
}

// verifyFlags are the verify command's settings.
type verifyFlags struct {
	cassette   string
	docs, json bool
	realClock  bool
	opts       verify.Options
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func parseVerifyFlags(args []string, stderr io.Writer) (verifyFlags, error) {
	var f verifyFlags
	var errs []error
	seed, err := envInt64("CAPSANDBOX_SEED", 1)
	errs = append(errs, err)
	docs, err := envBool("CAPSANDBOX_VERIFY_DOCS", false)
	errs = append(errs, err)
	asJSON, err := envBool("CAPSANDBOX_VERIFY_JSON", false)
	errs = append(errs, err)
	realClock, err := envBool("CAPSANDBOX_VERIFY_REAL_CLOCK", false)
	if err := errors.Join(append(errs, err)...); err != nil {
		return f, err
	}
	var ignore listFlag
	if v := os.Getenv("CAPSANDBOX_VERIFY_IGNORE"); v != "" {
		ignore = strings.Split(v, ",")
	}
	fs := flagSet("verify", stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: capsandbox verify [flags] CASSETTE\n       capsandbox verify --docs [flags]\n\nReplays each recorded request against a fresh in-process sandbox and compares each\nanswer with the recorded one (docs/RECORD-VERIFY.md). Exit 0: all conform; 1: a\ndifference; 2: bad usage or a cassette that cannot be read.\n\n")
		printFlags(fs)
	}
	fs.BoolVar(&f.docs, "docs", docs, "verify the built-in cassette of the vendor's documented samples (env CAPSANDBOX_VERIFY_DOCS)")
	fs.StringVar(&f.opts.Scenario, "scenario", envString("CAPSANDBOX_VERIFY_SCENARIO", ""), "scenario every exchange is replayed against, overriding the cassette's (env CAPSANDBOX_VERIFY_SCENARIO)")
	fs.StringVar(&f.opts.ScenariosDir, "scenarios-dir", envString("CAPSANDBOX_SCENARIOS_DIR", ""), "directory of extra scenario files (env CAPSANDBOX_SCENARIOS_DIR)")
	fs.Var(&ignore, "ignore", "path compared by type and format only, e.g. '**.external_id' or header:X-Trace; repeatable (env CAPSANDBOX_VERIFY_IGNORE, comma-separated)")
	fs.BoolVar(&f.json, "json", asJSON, "print the report as JSON (env CAPSANDBOX_VERIFY_JSON)")
	fs.BoolVar(&f.realClock, "real-clock", realClock, "do not fix the sandbox clock at each exchange's recorded time (env CAPSANDBOX_VERIFY_REAL_CLOCK)")
	fs.Int64Var(&f.opts.Seed, "seed", seed, "seed of the sandbox's generated codes (env CAPSANDBOX_SEED)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	f.opts.Ignore, f.opts.RealClock = ignore, f.realClock
	return f, f.target(fs)
}

// target picks the cassette: the argument, --docs, or CAPSANDBOX_CASSETTE.
func (f *verifyFlags) target(fs *flag.FlagSet) error {
	switch {
	case fs.NArg() > 1:
		return fmt.Errorf("unexpected argument %q: verify takes one cassette", fs.Arg(1))
	case fs.NArg() == 1 && f.docs:
		return errors.New("give a cassette or --docs, not both")
	case fs.NArg() == 1:
		f.cassette = fs.Arg(0)
	case !f.docs:
		f.cassette = os.Getenv("CAPSANDBOX_CASSETTE")
		if f.cassette == "" {
			return errors.New("name a cassette file (or CAPSANDBOX_CASSETTE), or use --docs")
		}
	}
	return nil
}

func (f *verifyFlags) exchanges() ([]cassette.Exchange, error) {
	if f.docs {
		return verify.Docs()
	}
	file, err := os.Open(f.cassette)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	exs, err := cassette.Read(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.cassette, err)
	}
	return exs, nil
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	f, err := parseVerifyFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "capsandbox verify: %v\n", err)
		}
		return 2
	}
	exs, err := f.exchanges()
	if err != nil {
		fmt.Fprintf(stderr, "capsandbox verify: %v\n", err)
		return 2
	}
	rep, err := verify.Run(exs, f.opts)
	if err != nil {
		fmt.Fprintf(stderr, "capsandbox verify: %v\n", err)
		return 2
	}
	if f.json {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "capsandbox verify: %v\n", err)
		return 2
	}
	if rep.Differ > 0 {
		return 1
	}
	return 0
}
