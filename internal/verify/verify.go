package verify

import (
	"errors"
	"fmt"

	"github.com/capsandbox/capsandbox"
	"github.com/capsandbox/capsandbox/internal/cassette"
)

// Options configure Run.
type Options struct {
	// Scenario, when set, is the scenario every session is replayed
	// against (a built-in name, a name from ScenariosDir, or a YAML file),
	// whatever the cassette names. When empty each session uses the
	// scenario its exchanges name, else "default".
	Scenario     string
	ScenariosDir string
	Seed         int64    // the sandbox's seed (generated codes, fake data)
	Ignore       []string // patterns added to BuiltinIgnore
	// RealClock leaves the sandbox's clock running instead of fixing each
	// namespace's clock at the recorded time of each exchange.
	RealClock bool
}

// Result is the verdict on one exchange.
type Result struct {
	Seq      int    `json:"seq"`
	Session  string `json:"session,omitempty"`
	Scenario string `json:"scenario"`
	Method   string `json:"method"`
	URI      string `json:"uri"`
	Source   string `json:"source,omitempty"`
	Setup    bool   `json:"setup,omitempty"`
	Conform  bool   `json:"conform"`
	// Reason says why an exchange was not compared: it had no upstream
	// answer, the sandbox gave none, or a setup step was refused.
	Reason      string       `json:"reason,omitempty"`
	Differences []Difference `json:"differences,omitempty"`
}

// Report is the outcome of a verification.
type Report struct {
	Exchanges int      `json:"exchanges"`
	Conform   int      `json:"conform"`
	Differ    int      `json:"differ"`
	Results   []Result `json:"results"`
}

// Summary is the report's last line: "N exchanges: K conform, M differ".
func (r *Report) Summary() string {
	return fmt.Sprintf("%d exchanges: %d conform, %d differ", r.Exchanges, r.Conform, r.Differ)
}

// Run replays the exchanges in order against a fresh sandbox, one
// namespace per session, and compares each answer with the recorded one.
// Its error means the verification could not run (a bad ignore pattern,
// an unknown scenario, a sandbox that does not start), not a difference.
func Run(exs []cassette.Exchange, opts Options) (*Report, error) {
	if len(exs) == 0 {
		return nil, errors.New("the cassette holds no exchange")
	}
	ig, err := newIgnorer(opts.Ignore)
	if err != nil {
		return nil, err
	}
	if err := checkSessions(exs, opts.Scenario); err != nil {
		return nil, err
	}
	t, err := startTarget(capsandbox.Options{Scenario: opts.Scenario, ScenariosDir: opts.ScenariosDir, Seed: opts.Seed})
	if err != nil {
		return nil, err
	}
	rp := &replayer{t: t, ig: ig, opts: opts, sessions: map[string]*session{}}
	rep := &Report{}
	for i := range exs {
		res, err := rp.replay(&exs[i])
		if err != nil {
			t.close()
			return nil, fmt.Errorf("exchange %d: %w", exs[i].Seq, err)
		}
		rep.add(res)
	}
	return rep, t.close()
}

func (r *Report) add(res Result) {
	r.Results = append(r.Results, res)
	r.Exchanges++
	if res.Conform {
		r.Conform++
	} else {
		r.Differ++
	}
}

// checkSessions refuses a session whose exchanges name two scenarios: a
// switch would reset the state the session builds.
func checkSessions(exs []cassette.Exchange, override string) error {
	if override != "" {
		return nil
	}
	first := map[string]*cassette.Exchange{}
	for i := range exs {
		e := &exs[i]
		f, ok := first[e.Session]
		if !ok {
			first[e.Session] = e
			continue
		}
		if f.Scenario != e.Scenario {
			return fmt.Errorf("exchange %d names scenario %q but its session %q started with %q at exchange %d",
				e.Seq, e.Scenario, e.Session, f.Scenario, f.Seq)
		}
	}
	return nil
}
