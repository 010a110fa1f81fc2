// Command capsandbox is a local, stateful sandbox of Capillary's loyalty API
// v1.1 customer endpoints.
//
//	capsandbox [serve] [flags]        start the server (the default command)
//	capsandbox validate FILE...       check scenario files
//	capsandbox seed --count N ...     write fake customers into the store
//	capsandbox healthcheck [--addr A] exit 0 when a server at A is ready
//	capsandbox check --data F         report a store file's health
//	capsandbox version                print version, commit, Go version
//	capsandbox help [COMMAND]         list the commands, or one command's flags
//
// Every serve flag can also be set by an environment variable (the flag
// wins); see `capsandbox help serve`.
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
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			return runHelp(args[1:], stdout, stderr)
		case "-version", "--version":
			return runVersion(nil, stdout, stderr)
		}
	}
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	cmd, ok := commands[name]
	if !ok {
		return unknownCommand(name, stderr)
	}
	if wantsHelp(args) {
		return commandHelp(name, stdout)
	}
	return cmd.run(args, stdout, stderr)
}

// runHelp serves `capsandbox help [COMMAND]`: the command list, or one
// command's usage and flags.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		usage(stdout)
		return 0
	case len(args) > 1:
		fmt.Fprintf(stderr, "capsandbox help: name one command, not %d\n", len(args))
		return 2
	}
	if _, ok := commands[args[0]]; !ok {
		return unknownCommand(args[0], stderr)
	}
	return commandHelp(args[0], stdout)
}

// commandHelp prints a command's usage and flags on w (the command's own
// -h, which every command answers before doing anything) and exits 0.
func commandHelp(name string, w io.Writer) int {
	commands[name].run([]string{"-h"}, w, w)
	return 0
}

// wantsHelp reports whether a command's arguments ask for its help (before
// a "--" that ends the flags).
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

func unknownCommand(name string, stderr io.Writer) int {
	fmt.Fprintf(stderr, "capsandbox: unknown command %q", name)
	if near := nearest(name, commandNames()); near != "" {
		fmt.Fprintf(stderr, "; did you mean %q?", near)
	}
	fmt.Fprintln(stderr, "\nRun 'capsandbox help' for the list of commands.")
	return 2
}

func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: capsandbox [command] [flags]\n\ncommands:")
	for _, n := range commandNames() {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "  %-12s %s\n", "help", "list the commands, or show one command's flags (help COMMAND)")
	fmt.Fprintln(w, "\nWithout a command, capsandbox runs serve (flags before any command are serve's).")
	fmt.Fprintln(w, "Run 'capsandbox help COMMAND' or 'capsandbox COMMAND --help' for a command's flags")
	fmt.Fprintln(w, "and their environment variables; 'capsandbox --version' prints the version.")
}
