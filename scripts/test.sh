#!/usr/bin/env bash
# Installs what the tests need and runs every test: formatter, static analysis, unit (*Test) and integration
# (*IT) tests of all modules. This is the command .ci/run calls.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=find-jdk.sh
source "$root/scripts/find-jdk.sh"
command -v mvn >/dev/null || { echo "test.sh: Maven (mvn) is required" >&2; exit 1; }
if [ -x "$root/scripts/install-test-deps.sh" ]; then
  "$root/scripts/install-test-deps.sh"
fi
extra=()
if command -v chromium >/dev/null 2>&1; then
  # Enables the real-browser interop tests (they are skipped without it).
  extra+=("-Drtcd.it.chromium=$(command -v chromium)")
fi
if command -v firefox-esr >/dev/null 2>&1; then
  # Enables Firefox in the interop suite (FirefoxChromiumIT; it also needs Chromium, Node and root for a netns).
  extra+=("-Drtcd.it.firefox=$(command -v firefox-esr)")
fi
if command -v node >/dev/null 2>&1 && [ -d "$root/interop/node_modules" ]; then
  # Enables the Node-peer interop tests (werift, node-datachannel) in interop/.
  extra+=("-Drtcd.it.node=$(command -v node)" "-Drtcd.it.interop=$root/interop")
fi
if [ -x "$root/interop/pion/peer" ]; then
  # Enables the pion interop tests (PionInteropIT): the Go peer scripts/install-test-deps.sh built.
  extra+=("-Drtcd.it.pion=$root/interop/pion/peer")
fi
echo "test.sh: JAVA_HOME=$JAVA_HOME ${extra[*]}" >&2
exec mvn -B verify "${extra[@]}" "$@"
