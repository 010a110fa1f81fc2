package main

import (
	"flag"
	"time"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/httpapi"
	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/server"
)

// envFlags registers flags whose defaults come from CAPSANDBOX_
// variables, keeping the first variable that does not parse.
type envFlags struct {
	fs  *flag.FlagSet
	err error
}

func (e *envFlags) intVar(p *int, name, env string, def int, usage string) {
	v, err := envInt64(env, int64(def))
	if err != nil && e.err == nil {
		e.err = err
	}
	e.fs.IntVar(p, name, int(v), usage+" (env "+env+")")
}

func (e *envFlags) int64Var(p *int64, name, env string, def int64, usage string) {
	v, err := envInt64(env, def)
	if err != nil && e.err == nil {
		e.err = err
	}
	e.fs.Int64Var(p, name, v, usage+" (env "+env+")")
}

func (e *envFlags) durationVar(p *time.Duration, name, env string, def time.Duration, usage string) {
	v, err := envDuration(env, def)
	if err != nil && e.err == nil {
		e.err = err
	}
	e.fs.DurationVar(p, name, v, usage+" (env "+env+")")
}

// syncFlags registers --sync and --sync-interval (serve and seed).
func syncFlags(fs *flag.FlagSet, mode *string, every *time.Duration) error {
	e := &envFlags{fs: fs}
	fs.StringVar(mode, "sync", envString("CAPSANDBOX_SYNC", server.DefaultSync),
		"interval = fsync at most every --sync-interval (a power loss loses at most that, or tears the file, which the next start refuses); always = fsync each commit (a power loss loses nothing); "+
			"none = fsync only at a clean stop. Every mode keeps what was acknowledged through kill -9 (env CAPSANDBOX_SYNC)")
	e.durationVar(every, "sync-interval", "CAPSANDBOX_SYNC_INTERVAL", server.DefaultSyncInterval, "with --sync interval: the most time between two fsyncs")
	return e.err
}

// limitFlags registers serve's limits (docs/DEPLOY.md, "Limits").
func limitFlags(fs *flag.FlagSet, o *server.Options) error {
	e := &envFlags{fs: fs}
	l := &o.Limits
	e.int64Var(&o.BodyLimit, "body-limit", "CAPSANDBOX_BODY_LIMIT", httpapi.DefaultBodyLimit, "largest /v1.1 request body in bytes")
	e.intVar(&o.HeaderLimit, "header-limit", "CAPSANDBOX_HEADER_LIMIT", httpapi.DefaultHeaderLimit, "most bytes of request line and headers of a /v1.1 request")
	e.intVar(&l.MaxNamespaces, "max-namespaces", "CAPSANDBOX_MAX_NAMESPACES", namespace.DefaultMaxNamespaces, "most namespaces the store holds; -1 = no limit")
	e.durationVar(&l.NamespaceTTL, "namespace-ttl", "CAPSANDBOX_NAMESPACE_TTL", 0, "drop a namespace (not default) idle this long; 0 = never")
	e.intVar(&o.JournalCap, "journal-entries", "CAPSANDBOX_JOURNAL_ENTRIES", namespace.DefaultJournalCap, "requests each namespace's journal keeps")
	e.intVar(&l.JournalEntryBytes, "journal-entry-bytes", "CAPSANDBOX_JOURNAL_ENTRY_BYTES", namespace.DefaultEntryBytes, "bytes of a body or response a journal entry keeps")
	e.int64Var(&l.JournalNSBytes, "journal-namespace-bytes", "CAPSANDBOX_JOURNAL_NAMESPACE_BYTES", namespace.DefaultNamespaceJournalBytes, "bytes of entries one namespace's journal keeps")
	e.int64Var(&l.JournalBytes, "journal-bytes", "CAPSANDBOX_JOURNAL_BYTES", namespace.DefaultJournalBytes, "bytes of entries all journals keep together (oldest go first)")
	e.intVar(&l.MaxInitialCustomers, "max-initial-customers", "CAPSANDBOX_MAX_INITIAL_CUSTOMERS", namespace.DefaultMaxInitialCustomers, "most initial customers (fake ones included) of a scenario")
	e.intVar(&l.MaxScenarioBytes, "max-scenario-bytes", "CAPSANDBOX_MAX_SCENARIO_BYTES", namespace.DefaultMaxScenarioBytes, "largest scenario file a namespace may switch to")
	e.intVar(&l.MaxDescription, "max-description-bytes", "CAPSANDBOX_MAX_DESCRIPTION_BYTES", namespace.DefaultMaxDescriptionBytes, "longest scenario description")
	e.intVar(&l.MaxConns, "max-conns", "CAPSANDBOX_MAX_CONNS", server.DefaultMaxConns, "most open client connections (lowered to fit the open-file limit)")
	e.durationVar(&l.IdleTimeout, "idle-timeout", "CAPSANDBOX_IDLE_TIMEOUT", server.DefaultIdleTimeout, "close a keep-alive connection idle this long")
	e.durationVar(&o.CheckTimeout, "check-timeout", "CAPSANDBOX_CHECK_TIMEOUT", boltstore.DefaultCheckTimeout, "wait this long at start for the store's full check, then finish it in the background; -1s = skip it")
	return e.err
}
