// Command capsandbox is a local, stateful sandbox of Capillary's loyalty API
// v1.1 customer endpoints.
//
//	capsandbox [serve] [flags]        start the server (the default command)
//	capsandbox validate FILE...       check scenario files
//	capsandbox seed --count N ...     write fake customers into the store
//	capsandbox healthcheck [--addr A] exit 0 when a server at A is ready
//	capsandbox version                print version, commit, Go version
//
// Every serve flag can also be set by an environment variable (the flag
// wins); see `capsandbox serve -h`.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	// The zone database is embedded, so scenario time zones load in an
	// image without /usr/share/zoneinfo (FROM scratch).
	_ "time/tzdata"
)

// command is one subcommand: it gets its arguments and output streams and
// returns the process exit code.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands is filled by each command's file.
var commands = map[string]command{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "capsandbox: unknown command %q\n\n", name)
		usage(stderr)
		return 2
	}
	return cmd.run(args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: capsandbox [command] [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'capsandbox COMMAND -h' for a command's flags.")
}
