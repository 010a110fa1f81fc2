#!/usr/bin/env bash
# Runs the repository's clients against a real capsandbox, as .ci/run does:
#   - clients/node: `node --test` of its tests, then its README's code blocks with
#     the package installed by `npm install` into a temporary directory;
#   - clients/python: `python3 -m unittest` of its tests, then its README's code
#     blocks (the unittest and client blocks run, the pytest block compiled), the
#     package on PYTHONPATH.
# The server is built from this checkout, started on a free loopback port with
# an in-memory store, and stopped on exit. Each step prints its duration.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

step() { # step NAME COMMAND...: run a step and print its wall time
	local name=$1 start=$SECONDS
	shift
	echo "-- $name"
	"$@"
	echo "   ($name: $((SECONDS - start)) s)"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_server() {
	go build -o "$work/capsandbox" ./cmd/capsandbox
	addr="127.0.0.1:$(free_port)"
	"$work/capsandbox" serve --addr "$addr" --data :memory: --sync none >"$work/server.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 200); do
		"$work/capsandbox" healthcheck --addr "$addr" >/dev/null 2>&1 && break
		sleep 0.05
	done
	"$work/capsandbox" healthcheck --addr "$addr" >/dev/null || { cat "$work/server.log"; exit 1; }
	export CAPSANDBOX_URL="http://$addr"
}

# blocks FILE LANG OUTDIR EXT: writes each ```LANG block of FILE to OUTDIR/block-N.EXT,
# the README's 127.0.0.1:8080 rewritten to this run's server.
blocks() {
	python3 - "$1" "$2" "$3" "$4" "${CAPSANDBOX_URL#http://}" <<'PY'
import re, sys
path, lang, out, ext, addr = sys.argv[1:]
found = re.findall(r"```" + lang + r"\n(.*?)```", open(path).read(), re.S)
for i, b in enumerate(found, 1):
    open(f"{out}/block-{i}.{ext}", "w").write(b.replace("127.0.0.1:8080", addr))
print(f"   {len(found)} {lang} block(s) of {path}")
PY
}

node_readme() {
	mkdir -p "$work/node" && cd "$work/node"
	echo '{"name":"readme-check","private":true,"type":"module"}' >package.json
	npm install --no-audit --no-fund --silent "$OLDPWD/clients/node"
	blocks "$OLDPWD/clients/node/README.md" js . mjs
	[ "$(wc -l <block-1.mjs)" -le 5 ] || { echo "the README's test is longer than five lines"; exit 1; }
	mv block-1.mjs readme.test.mjs
	node --test readme.test.mjs
	node block-2.mjs
	cd "$OLDPWD"
}

python_readme() {
	mkdir -p "$work/python"
	blocks clients/python/README.md python "$work/python" py
	[ "$(wc -l <"$work/python/block-1.py")" -le 5 ] || { echo "the README's test is longer than five lines"; exit 1; }
	mv "$work/python/block-1.py" "$work/python/test_readme.py"
	(cd "$work/python" && PYTHONPATH="$OLDPWD/clients/python/src" python3 -m unittest -v test_readme)
	python3 -c 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")' "$work/python/block-2.py"
	PYTHONPATH=clients/python/src python3 "$work/python/block-3.py"
}

for tool in node npm python3 go; do
	command -v "$tool" >/dev/null || { echo "client checks need $tool"; exit 1; }
done
step "start capsandbox" start_server
step "clients/node: node --test" node --test clients/node/test/
step "clients/node: README blocks" node_readme
step "clients/python: python3 -m unittest" env PYTHONPATH=clients/python/src python3 -m unittest discover -s clients/python/tests -v
step "clients/python: README blocks" python_readme
