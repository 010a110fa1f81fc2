#!/usr/bin/env bash
# Smoke-tests the container image without a Docker engine:
#  1. builds the static binary exactly as the Dockerfile's build stage does
#     (scripts/build-static.sh, scripts/rootfs.sh);
#  2. assembles the Dockerfile's final stage (FROM scratch) with buildah,
#     reading it from the Dockerfile itself, and checks its config (user,
#     env, port, volume, healthcheck) and size (< 20 MB);
#  3. runs the image's entrypoint with the image's env and user in a chroot
#     of the image's root filesystem, in a private network namespace (so
#     the image's :8080 is free), waits for the image's HEALTHCHECK command
#     to pass, registers a customer with curl, restarts and finds it again,
#     and stops it with SIGTERM;
#  4. prints the image size and the time from process start to healthy.
#
# Needs root, buildah, unshare, ip, curl and jq. Everything buildah stores
# lives in a temporary directory removed on exit.
#
#   scripts/image-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
max_bytes=${MAX_IMAGE_BYTES:-20000000}

for tool in buildah unshare ip curl jq; do
	command -v "$tool" >/dev/null || { echo "image-smoke: $tool not found" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "image-smoke: needs root (chroot, network namespace)" >&2; exit 2; }

work=$(mktemp -d /tmp/capsandbox-smoke.XXXXXX)
B=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs)
cleanup() {
	[ -n "${ctr:-}" ] && "${B[@]}" rm "$ctr" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

step() { echo "== image-smoke: $*"; }

step "build the static binary (scripts/build-static.sh)"
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
scripts/build-static.sh "$work/out/capsandbox" "$version" "$commit"
scripts/rootfs.sh "$work/out/capsandbox" "$work/out"

step "assemble the Dockerfile's final stage with buildah"
# The final stage is everything from the last FROM; its COPY --from=build
# sources (/out/...) are the same files, laid out by rootfs.sh in $work/out.
awk '/^FROM /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' Dockerfile |
	sed -e 's# --from=build##' -e 's# /out/# /#' >"$work/Containerfile.final"
grep -q '^FROM scratch' "$work/Containerfile.final" || { echo "final stage is not FROM scratch" >&2; exit 1; }
if grep -q -- '--from=' "$work/Containerfile.final"; then echo "final stage still copies from a stage" >&2; exit 1; fi
"${B[@]}" bud --isolation chroot --format docker --quiet -t capsandbox:smoke \
	-f "$work/Containerfile.final" "$work/out" >/dev/null

step "check the image config"
config=$("${B[@]}" inspect --type image capsandbox:smoke | jq -c '.Docker.config')
check() { # check JQ_FILTER WANT
	local got; got=$(jq -c "$1" <<<"$config")
	[ "$got" = "$2" ] || { echo "image config $1 = $got, want $2" >&2; exit 1; }
}
check '.User' '"65532:65532"'
check '.ExposedPorts | keys' '["8080/tcp"]'
check '.Volumes | keys' '["/data"]'
check '[.Env[] | select(startswith("CAPSANDBOX_"))]' '["CAPSANDBOX_ADDR=:8080","CAPSANDBOX_DATA=/data/capsandbox.db"]'
check '.Healthcheck.Test' '["CMD","capsandbox","healthcheck"]'
check '.Entrypoint' '["capsandbox"]'
check '.Cmd' '["serve"]'

step "check the image size"
"${B[@]}" push --quiet capsandbox:smoke "docker-archive:$work/capsandbox.tar:capsandbox:smoke" >/dev/null
size=$(stat -c %s "$work/capsandbox.tar")
gz=$(gzip -c "$work/capsandbox.tar" | wc -c)
echo "image size: $size bytes uncompressed ($((size / 1024)) KiB), $gz bytes gzipped (limit $max_bytes)"
[ "$size" -lt "$max_bytes" ] || { echo "image is $size bytes, over $max_bytes" >&2; exit 1; }

ctr=$("${B[@]}" from --quiet capsandbox:smoke)
rootfs=$("${B[@]}" mount "$ctr")
export SMOKE_ROOTFS=$rootfs SMOKE_CONFIG=$config
step "run the image in a chroot and a private network namespace"
unshare --net --fork -- bash scripts/image-smoke-run.sh
