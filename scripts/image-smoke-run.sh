#!/usr/bin/env bash
# The run half of scripts/image-smoke.sh: runs inside a fresh network
# namespace, with SMOKE_ROOTFS (the image's mounted root filesystem) and
# SMOKE_CONFIG (its Docker config JSON) set. Starts the entrypoint as the
# image's user with only the image's env, times it to healthy, registers a
# customer, restarts, and stops it with SIGTERM.
set -euo pipefail
rootfs=${SMOKE_ROOTFS:?} config=${SMOKE_CONFIG:?}
ip link set lo up
log=$(mktemp)

mapfile -t image_env < <(jq -r '.Env[]' <<<"$config")
mapfile -t entry < <(jq -r '(.Entrypoint + .Cmd)[]' <<<"$config")
mapfile -t health < <(jq -r '.Healthcheck.Test[1:][]' <<<"$config")
user=$(jq -r '.User' <<<"$config")
chroot=$(command -v chroot)
in_image() { env -i "${image_env[@]}" "$chroot" --userspec="$user" "$rootfs" "$@"; }

pid=
start_server() {
	local t0 ready; t0=$(date +%s%N)
	# env and chroot exec in turn, so $! is the server's own pid.
	env -i "${image_env[@]}" "$chroot" --userspec="$user" "$rootfs" "${entry[@]}" >>"$log" 2>&1 &
	pid=$!
	for _ in $(seq 1 2000); do
		if curl -fs -o /dev/null http://127.0.0.1:8080/__sandbox/health; then
			ready=$((($(date +%s%N) - t0) / 1000000))
			in_image "${health[@]}" >/dev/null || { echo "the image's HEALTHCHECK command failed" >&2; exit 1; }
			echo "process start to healthy: $ready ms (health answered); image HEALTHCHECK passed at $((($(date +%s%N) - t0) / 1000000)) ms"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.005
	done
	echo "server never became healthy; its log:" >&2; cat "$log" >&2; exit 1
}
stop_server() {
	kill -TERM "$pid"
	wait "$pid" || { echo "server exited $? on SIGTERM; its log:" >&2; cat "$log" >&2; exit 1; }
}

start_server
auth=till1:202cb962ac59075b964b07152d234b70
body='{"root":{"customer":[{"mobile":"919876543210","email":"smoke@example.com","firstname":"Smoke"}]}}'
resp=$(curl -sS --fail-with-body -u "$auth" -H 'Content-Type: application/json' -d "$body" 'http://127.0.0.1:8080/v1.1/customer/add?format=json')
echo "customer/add: $resp"
[ "$(jq -r '.response.customers.customer[0].item_status.code' <<<"$resp")" = 1000 ] ||
	{ echo "registration did not answer item code 1000" >&2; exit 1; }
user_id=$(jq -r '.response.customers.customer[0].user_id' <<<"$resp")
stop_server
grep -q 'capsandbox stopped' "$log" || { echo "no clean-stop line in the log" >&2; cat "$log" >&2; exit 1; }
owner=$(stat -c %u:%g "$rootfs/data/capsandbox.db")
[ "$owner" = "$user" ] || { echo "/data/capsandbox.db is owned by $owner, want $user" >&2; exit 1; }

echo "restart: the customer must still be there (VOLUME /data)"
start_server
got=$(curl -sS --fail-with-body -u "$auth" 'http://127.0.0.1:8080/v1.1/customer/get?mobile=919876543210&user_id=true&format=json')
[ "$(jq -r '.response.customers.customer[0].user_id' <<<"$got")" = "$user_id" ] ||
	{ echo "after restart customer/get answered: $got" >&2; exit 1; }
stop_server

echo "CAPSANDBOX_DATA=:memory: needs a writable /tmp in the image"
image_env+=("CAPSANDBOX_DATA=:memory:")
start_server
stop_server
echo "image smoke test passed"
