#!/usr/bin/env bash
# Installs what the interop tests need that Maven cannot fetch: Debian's headless Chromium (real WebRTC peer) and
# the Node peers in interop/ (werift, node-datachannel, ws; versions pinned by interop/package-lock.json).
# Idempotent; called by scripts/test.sh. Needs root (or passwordless sudo) the first time on a fresh machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

install_node_peers() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-test-deps: npm not found, Node interop tests will be skipped" >&2
    return 0
  fi
  local dir="$root/interop"
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "install-test-deps: npm ci in interop/ (werift, node-datachannel, ws)..." >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
install_node_peers

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "${RTCD_SKIP_CHROMIUM:-}" = "1" ]; then
  echo "install-test-deps: RTCD_SKIP_CHROMIUM=1, Chromium interop tests will be skipped" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: need root or sudo to apt-get install chromium" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-test-deps: installing Debian's chromium (headless WebRTC peer for interop tests)..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "install-test-deps: chromium did not install" >&2; exit 1; }
