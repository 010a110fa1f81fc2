package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/capsandbox/capsandbox/internal/cassette"
	"github.com/capsandbox/capsandbox/internal/record"
)

func init() {
	commands["record"] = command{"proxy /v1.1 to a vendor cluster and record each exchange to a cassette", runRecord}
}

// recordFlags are the record command's settings.
type recordFlags struct {
	upstream, addr, cassette, ca string
	timeout                      time.Duration
	maxBody, maxResponse         int64
	maxExchanges                 int64
}

func parseRecordFlags(args []string, stderr io.Writer) (recordFlags, error) {
	var f recordFlags
	var errs []error
	timeout, err := envDuration("CAPSANDBOX_UPSTREAM_TIMEOUT", record.DefaultTimeout)
	errs = append(errs, err)
	maxBody, err := envInt64("CAPSANDBOX_RECORD_MAX_BODY", record.DefaultMaxBody)
	errs = append(errs, err)
	maxResp, err := envInt64("CAPSANDBOX_RECORD_MAX_RESPONSE", record.DefaultMaxResponse)
	errs = append(errs, err)
	maxEx, err := envInt64("CAPSANDBOX_RECORD_MAX_EXCHANGES", record.DefaultMaxExchanges)
	if err := errors.Join(append(errs, err)...); err != nil {
		return f, err
	}
	fs := flagSet("record", stderr)
	fs.StringVar(&f.upstream, "upstream", envString("CAPSANDBOX_UPSTREAM", ""), "vendor base URL, e.g. https://eu.api.capillarytech.com (required) (env CAPSANDBOX_UPSTREAM)")
	fs.StringVar(&f.addr, "addr", envString("CAPSANDBOX_ADDR", "127.0.0.1:8080"), "listen address of the proxy (env CAPSANDBOX_ADDR)")
	fs.StringVar(&f.cassette, "cassette", envString("CAPSANDBOX_CASSETTE", "capsandbox.cassette.jsonl"), "cassette file exchanges are appended to (env CAPSANDBOX_CASSETTE)")
	fs.StringVar(&f.ca, "upstream-ca", envString("CAPSANDBOX_UPSTREAM_CA", ""), "PEM file of extra CA certificates for the upstream's TLS (env CAPSANDBOX_UPSTREAM_CA)")
	fs.DurationVar(&f.timeout, "upstream-timeout", timeout, "bound on one exchange with the upstream (env CAPSANDBOX_UPSTREAM_TIMEOUT)")
	fs.Int64Var(&f.maxBody, "max-body", maxBody, "largest request body forwarded, bytes (env CAPSANDBOX_RECORD_MAX_BODY)")
	fs.Int64Var(&f.maxResponse, "max-response", maxResp, "largest upstream answer recorded, bytes (env CAPSANDBOX_RECORD_MAX_RESPONSE)")
	fs.Int64Var(&f.maxExchanges, "max-exchanges", maxEx, "exchanges the cassette may hold; later requests are refused (env CAPSANDBOX_RECORD_MAX_EXCHANGES)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	return f, f.check(fs)
}

// maxRecordedBody bounds --max-body and --max-response so that every
// cassette line stays readable (cassette.MaxLine).
const maxRecordedBody = 8 << 20

func (f *recordFlags) check(fs *flag.FlagSet) error {
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case f.upstream == "":
		return errors.New("--upstream (CAPSANDBOX_UPSTREAM) is required: the vendor cluster's base URL")
	case f.timeout <= 0:
		return errors.New("--upstream-timeout must be positive")
	case f.maxBody <= 0 || f.maxBody > maxRecordedBody:
		return fmt.Errorf("--max-body must be between 1 and %d bytes", maxRecordedBody)
	case f.maxResponse <= 0 || f.maxResponse > maxRecordedBody:
		return fmt.Errorf("--max-response must be between 1 and %d bytes", maxRecordedBody)
	case f.maxExchanges <= 0 || f.maxExchanges > 1<<31-1:
		return errors.New("--max-exchanges must be a positive count")
	}
	return nil
}

func runRecord(args []string, stdout, stderr io.Writer) int {
	f, err := parseRecordFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "capsandbox record: %v\n", err)
		}
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := recordSession(ctx, f, stderr, nil); err != nil {
		fmt.Fprintf(stderr, "capsandbox record: %v\n", err)
		return 1
	}
	return 0
}

// recordSession serves the proxy until ctx is done (SIGINT or SIGTERM),
// then lets the exchange in flight finish. listening, when set, is told
// the address.
func recordSession(ctx context.Context, f recordFlags, stderr io.Writer, listening func(net.Addr)) error {
	up, err := url.Parse(f.upstream)
	if err != nil {
		return fmt.Errorf("--upstream: %w", err)
	}
	w, err := cassette.Create(f.cassette, true)
	if err != nil {
		return err
	}
	defer w.Close()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	p, err := record.New(record.Options{Upstream: up, Cassette: w, CAFile: f.ca, Timeout: f.timeout,
		MaxBody: f.maxBody, MaxResponse: f.maxResponse, MaxExchanges: int(f.maxExchanges), Log: log})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	hs := &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2*f.timeout + 30*time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	log.Info("capsandbox recording", "addr", l.Addr().String(), "upstream", up.Redacted(), "cassette", w.Path(), "exchanges", w.Count())
	if listening != nil {
		listening(l.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err = <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), f.timeout+5*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	log.Info("capsandbox record stopped", "cassette", w.Path(), "exchanges", w.Count())
	return err
}
