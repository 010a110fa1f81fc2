#!/usr/bin/env bash
# Lays out the files of the final image stage under DIR:
#
#   DIR/root/usr/local/bin/capsandbox          the static binary (copied from BINARY)
#   DIR/root/etc/ssl/certs/ca-certificates.crt CA certificates
#   DIR/writable/data/, DIR/writable/tmp/      copied with --chown to the non-root user
#
# No zoneinfo: the binary embeds time/tzdata.
#
#   scripts/rootfs.sh BINARY DIR
set -euo pipefail
bin=${1:?usage: rootfs.sh BINARY DIR}
dir=${2:?usage: rootfs.sh BINARY DIR}
certs=/etc/ssl/certs/ca-certificates.crt
[ -r "$certs" ] || { echo "rootfs.sh: $certs not found (install ca-certificates)" >&2; exit 1; }
rm -rf "$dir/root" "$dir/writable"
install -D -m 0755 "$bin" "$dir/root/usr/local/bin/capsandbox"
install -D -m 0644 "$certs" "$dir/root/etc/ssl/certs/ca-certificates.crt"
install -d -m 0755 "$dir/writable/data"
install -d -m 1777 "$dir/writable/tmp"
