package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func init() {
	commands["seed"] = command{"write N fake customers into the store (gofakeit, seeded)", runSeed}
}

// seedFlags are the seed command's settings.
type seedFlags struct {
	count        int
	batch        int
	data         string
	scenario     string
	scenariosDir string
	namespace    string
	seed         int64
	sync         string
	syncInterval time.Duration
}

func parseSeedFlags(args []string, stderr io.Writer) (seedFlags, error) {
	var f seedFlags
	seed, err := envInt64("CAPSANDBOX_SEED", 1)
	if err != nil {
		return f, err
	}
	fs := flagSet("seed", stderr)
	fs.IntVar(&f.count, "count", 0, "number of customers to write (required)")
	fs.IntVar(&f.batch, "batch", 2000, "customers per store transaction")
	fs.StringVar(&f.data, "data", envString("CAPSANDBOX_DATA", "capsandbox.db"), "bbolt store file (env CAPSANDBOX_DATA)")
	fs.StringVar(&f.scenario, "scenario", envString("CAPSANDBOX_SCENARIO", "default"), "scenario a new namespace starts with; use the one you serve (env CAPSANDBOX_SCENARIO)")
	fs.StringVar(&f.scenariosDir, "scenarios-dir", envString("CAPSANDBOX_SCENARIOS_DIR", ""), "directory of extra scenario files (env CAPSANDBOX_SCENARIOS_DIR)")
	fs.StringVar(&f.namespace, "namespace", namespace.Default, "namespace to write into")
	fs.Int64Var(&f.seed, "seed", seed, "seed of the fake data (env CAPSANDBOX_SEED)")
	if err := syncFlags(fs, &f.sync, &f.syncInterval); err != nil {
		return f, err
	}
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	return f, f.check(fs)
}

func (f *seedFlags) check(fs *flag.FlagSet) error {
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case f.count <= 0:
		return errors.New("--count must be a positive number of customers")
	case f.batch <= 0:
		return errors.New("--batch must be positive")
	case f.data == "" || f.data == server.MemoryData:
		return errors.New("--data must name a store file (a :memory: store would vanish when seed exits)")
	case !namespace.ValidName(f.namespace):
		return fmt.Errorf("--namespace %q: %v", f.namespace, namespace.ErrBadName)
	}
	return server.CheckSync(f.sync, f.syncInterval)
}

func runSeed(args []string, stdout, stderr io.Writer) int {
	f, err := parseSeedFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "capsandbox seed: %v\n", err)
		}
		return 2
	}
	if err := seed(f, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "capsandbox seed: %v\n", err)
		return 1
	}
	return 0
}

// seed opens the store through server.New, like serve (refusing a store a
// running server holds), writes the customers and prints a summary.
func seed(f seedFlags, stdout, stderr io.Writer) error {
	srv, err := server.New(server.Options{Data: f.data, Scenario: f.scenario, ScenariosDir: f.scenariosDir,
		Seed: f.seed, Sync: f.sync, SyncInterval: f.syncInterval, LogOutput: io.Discard, LockTimeout: 500 * time.Millisecond, Namespace: f.namespace})
	var storeErr *server.StoreError
	if errors.As(err, &storeErr) {
		return fmt.Errorf("%w; stop the server first, or insert customers into it with POST /__sandbox/customers", err)
	}
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			srv.Close()
		}
	}()
	ns, err := srv.Spaces.Get(f.namespace)
	if err != nil {
		return err
	}
	bar := newProgress(f.count, stderr)
	start := time.Now()
	res, err := ns.SeedFake(f.count, f.batch, f.seed, bar.add)
	bar.finish()
	if err != nil {
		return err
	}
	// Close fsyncs what the commits left unsynced, in every --sync mode:
	// the file seed leaves survives a power loss.
	closed = true
	if err := srv.Close(); err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "seeded %d customers into namespace %s of %s (scenario %s, seed %d) in %s (%.0f/s); it now holds %d customers\n",
		res.Created, f.namespace, f.data, ns.Scenario().Name, f.seed, took.Round(time.Millisecond),
		float64(res.Created)/took.Seconds(), res.Total)
	if res.Skipped > 0 {
		fmt.Fprintf(stdout, "skipped %d generated customers whose mobile or email was already taken\n", res.Skipped)
	}
	return nil
}

// progress shows a progress bar on a terminal and nothing otherwise (the
// summary line says it all).
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(total int, w io.Writer) *progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total, progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("seeding"), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("customers"), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())}
}

func (p *progress) add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
