#!/usr/bin/env bash
# Installs what the interop tests need that Maven cannot fetch: Debian's headless Chromium (real WebRTC peer).
# Idempotent; called by scripts/test.sh. Needs root (or passwordless sudo) the first time on a fresh machine.
set -euo pipefail

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
