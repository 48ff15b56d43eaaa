#!/usr/bin/env bash
# Installs what the interop tests need that Maven cannot fetch: Debian's headless Chromium and Firefox ESR (real
# WebRTC peers) and the Node peers and drivers in interop/ (werift, node-datachannel, ws, puppeteer-core; versions
# pinned by interop/package-lock.json; puppeteer-core downloads no browser, it drives Debian's) and the Go pion
# peer in interop/pion (Debian's Go and packaged pion v3 sources, built offline by interop/pion/build.sh).
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
  echo "install-test-deps: npm ci in interop/ (werift, node-datachannel, ws, puppeteer-core)..." >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
install_node_peers

# The pion peer: Debian's golang-go and the Go sources it packages under /usr/share/gocode, then an offline build.
install_pion_peer() {
  if [ "${RTCD_SKIP_PION:-}" = "1" ]; then
    echo "install-test-deps: RTCD_SKIP_PION=1, pion interop tests will be skipped" >&2
    return 0
  fi
  local pkgs=(golang-go golang-github-pion-webrtc.v3-dev golang-github-gorilla-websocket-dev
    golang-github-vmihailenco-msgpack.v5-dev)
  local missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
      sudo="sudo"
    fi
    echo "install-test-deps: installing ${missing[*]} (pion peer)..." >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  "$root/interop/pion/build.sh"
}
install_pion_peer

# Debian package per browser; RTCD_SKIP_CHROMIUM=1 / RTCD_SKIP_FIREFOX=1 skip one (its tests are then skipped).
missing=()
if ! command -v chromium >/dev/null 2>&1; then
  if [ "${RTCD_SKIP_CHROMIUM:-}" = "1" ]; then
    echo "install-test-deps: RTCD_SKIP_CHROMIUM=1, Chromium interop tests will be skipped" >&2
  else
    missing+=(chromium)
  fi
fi
if ! command -v firefox-esr >/dev/null 2>&1; then
  if [ "${RTCD_SKIP_FIREFOX:-}" = "1" ]; then
    echo "install-test-deps: RTCD_SKIP_FIREFOX=1, Firefox interop tests will be skipped" >&2
  else
    missing+=(firefox-esr)
  fi
fi
# ReadmeIT runs the README's commands as written, which use curl.
if ! command -v curl >/dev/null 2>&1; then
  missing+=(curl)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-test-deps: installing Debian's ${missing[*]} (headless WebRTC peers for interop tests)..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for b in "${missing[@]}"; do
  command -v "$b" >/dev/null 2>&1 || { echo "install-test-deps: $b did not install" >&2; exit 1; }
done
