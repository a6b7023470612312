#!/usr/bin/env bash
# Starts the server from target/aurelis-image.tar without a container engine, the way Kubernetes runs it with the
# chart's security context: the image's layers unpacked, the root file system read-only, user 1000, writable
# tmpfs volumes only at /tmp and /var/lib/aurelis; then waits for /ready, checks /health and the SBOM, and stops
# it with SIGTERM. Needs root (for the mount namespace and chroot). Used by .ci/run.
#
#   deploy/image/smoke.sh [IMAGE_TAR] [PORT]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
image=${1:-$here/target/aurelis-image.tar}
port=${2:-18089}
work=$(mktemp -d)
root="$work/root"
log="$work/server.log"
server=

cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    # killing the namespace's first process ends every process in it; then unshare exits
    kill -KILL "$(pgrep -P "$server")" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$root"
tar -xf "$image" -C "$work" manifest.json config.json
for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$work/manifest.json"); do
  tar -xf "$image" -C "$work" "$layer"
  tar --warning=no-unknown-keyword -xzf "$work/$layer" -C "$root"
  rm -f "$work/$layer"
done
user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["User"])' "$work/config.json")
mapfile -t entrypoint < <(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["config"]; print("\n".join(c["Entrypoint"]+c["Cmd"]))' "$work/config.json")
[ "$user" = "1000:1000" ] || { echo "smoke.sh: the image runs as '$user', not 1000:1000" >&2; exit 1; }
mkdir -p "$root/proc" "$root/dev"

export PORT="$port"
# The entrypoint's `java` is found on the image's PATH, inside the chroot.
entrypoint[0]=/opt/java/bin/${entrypoint[0]}
unshare --mount --pid --fork --kill-child=TERM bash -c '
  set -e
  root=$1; shift
  mount --bind "$root" "$root" && mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
  mount -t tmpfs -o mode=0777 tmpfs "$root/var/lib/aurelis"
  exec env -i PATH=/opt/java/bin:/usr/bin:/bin JAVA_HOME=/opt/java AURELIS_DATA_DIR=/var/lib/aurelis \
    AURELIS_PORT="$PORT" AURELIS_BOOTSTRAP_ADMIN_KEY=image-smoke-test-admin-key-0001 \
    /usr/sbin/chroot --userspec=1000:1000 "$root" "$@"
' smoke "$root" "${entrypoint[@]}" >"$log" 2>&1 &
server=$!

ready=
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done
if [ -z "$ready" ]; then
  echo "smoke.sh: the server from the image did not become ready; its log:" >&2
  grep -v '^\s*at ' "$log" | tail -40 >&2
  exit 1
fi
curl -sf "http://127.0.0.1:$port/health" >/dev/null
sbom=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer image-smoke-test-admin-key-0001" \
  "http://127.0.0.1:$port/api/v1/system/sbom")
if [ "$(tail -n 1 <<<"$sbom")" != 200 ] || ! grep -q '"bomFormat"' <<<"$sbom"; then
  echo "smoke.sh: the image does not serve its SBOM: $(tail -c 300 <<<"$sbom")" >&2
  exit 1
fi
# SIGTERM to the server (the namespace's first process), as the kubelet sends it; it drains and exits.
kill -TERM "$(pgrep -P "$server")"
wait "$server" || true
server=
echo "smoke.sh: the image started read-only as uid 1000, answered /ready, /health and its SBOM, and stopped"
