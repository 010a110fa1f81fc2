#!/usr/bin/env bash
# Builds the capsandbox binary the way the image ships it: static (no cgo),
# reproducible paths, stripped, with version and commit stamped in.
# The Dockerfile's build stage, scripts/image-smoke.sh and the binary tests
# all call this script, so they cannot drift apart.
#
#   scripts/build-static.sh OUTPUT [VERSION] [COMMIT]
#   scripts/build-static.sh --cached [VERSION] [COMMIT]
#
# --cached (the tests' harness, internal/proctest) prints the path of the
# same build kept in Go's build cache instead of writing a file: `go run`
# caches the executables it links, so it compiles and links only what the
# cache lacks, and a call with unchanged sources costs a fraction of a
# second. (The first `go run` runs the executable from its temporary
# directory before caching it; the second one names the cached copy.)
set -euo pipefail
if [ "${1:-}" = --cached ]; then
	out=""
else
	out=$(realpath -m "${1:?usage: build-static.sh OUTPUT|--cached [VERSION] [COMMIT]}") # relative to the caller
fi
version=${2:-dev}
commit=${3:-unknown}
cd "$(dirname "$(realpath "$0")")/.."
flags=(-trimpath -ldflags "-s -w -X main.version=${version} -X main.commit=${commit}")
if [ -z "$out" ]; then
	CGO_ENABLED=0 go run "${flags[@]}" -exec true ./cmd/capsandbox
	CGO_ENABLED=0 exec go run "${flags[@]}" -exec echo ./cmd/capsandbox
fi
CGO_ENABLED=0 go build "${flags[@]}" -o "$out" ./cmd/capsandbox
