#!/usr/bin/env bash
# Builds the capsandbox binary the way the image ships it: static (no cgo),
# reproducible paths, stripped, with version and commit stamped in.
# The Dockerfile's build stage, scripts/image-smoke.sh and the binary tests
# all call this script, so they cannot drift apart.
#
#   scripts/build-static.sh OUTPUT [VERSION] [COMMIT]
set -euo pipefail
out=$(realpath -m "${1:?usage: build-static.sh OUTPUT [VERSION] [COMMIT]}") # relative to the caller
version=${2:-dev}
commit=${3:-unknown}
cd "$(dirname "$(realpath "$0")")/.."
CGO_ENABLED=0 go build -trimpath \
	-ldflags "-s -w -X main.version=${version} -X main.commit=${commit}" \
	-o "$out" ./cmd/capsandbox
