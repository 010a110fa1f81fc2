package server

import (
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/scenario"
	"github.com/fsnotify/fsnotify"
)

// watchDebounce is how long the watcher waits after the last change in the
// scenarios directory before it reloads: an editor's save is often several
// events (write a temporary file, rename it over the old one, remove the
// backup), and the reload should see the end state.
const watchDebounce = 100 * time.Millisecond

// watcher reloads the files of the scenarios directory when they change
// (Options.Watch): a file that loads replaces its scenario in the library
// and in every namespace running it; a file with problems is logged
// (file:line:column: problem) and its last good version keeps serving; a
// removed file's scenario keeps serving its last version.
type watcher struct {
	fs     *fsnotify.Watcher
	lib    *scenario.Library
	spaces *namespace.Manager
	log    *slog.Logger
	done   chan struct{}
}

// watch starts watching dir. The directory is watched, not each file, so
// a file replaced by a rename (as editors save) is still seen.
func (s *Server) watch(dir string) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := fw.Add(dir); err != nil {
		fw.Close()
		return err
	}
	s.watcher = &watcher{fs: fw, lib: s.Library, spaces: s.Spaces, log: s.Log, done: make(chan struct{})}
	go s.watcher.loop()
	s.Log.Info("watching the scenarios directory", "dir", dir)
	return nil
}

func (w *watcher) loop() {
	defer close(w.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				timer.Stop()
				return
			}
			if isScenarioFile(ev.Name) {
				timer.Reset(watchDebounce)
			}
		case err, ok := <-w.fs.Errors:
			if ok {
				w.log.Warn("watching the scenarios directory", "err", err)
			}
		case <-timer.C:
			w.reload()
		}
	}
}

func isScenarioFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// reload applies the directory's changes and logs what happened.
func (w *watcher) reload() {
	r, err := w.lib.Refresh()
	if err != nil {
		w.log.Error("scenarios directory not reloaded", "err", err)
		return
	}
	for _, p := range r.Problems {
		w.log.Warn("scenario file not reloaded: its last good version keeps serving", "problem", p.Error())
	}
	for _, f := range r.Removed {
		w.log.Warn("scenario file removed: its scenario keeps serving its last version until a restart or POST /__sandbox/scenarios/reload", "file", f)
	}
	for _, s := range r.Changed {
		names, err := w.spaces.Replace(s)
		var limit *namespace.LimitError
		if errors.As(err, &limit) {
			w.log.Warn("scenario file over a limit: the namespaces running it keep their version", "scenario", s.Name, "file", s.Source, "problem", limit.Detail)
			continue
		}
		if err != nil {
			w.log.Error("scenario reloaded, but not into every namespace", "scenario", s.Name, "err", err)
			continue
		}
		w.log.Info("scenario reloaded", "scenario", s.Name, "file", s.Source, "namespaces", strings.Join(names, ","))
	}
}

// stop ends the watch and waits for a reload in progress.
func (w *watcher) stop() {
	w.fs.Close()
	<-w.done
}
