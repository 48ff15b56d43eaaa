#!/usr/bin/env bash
# A call of real pion receivers through the /ws face: starts a fresh `./rtcd serve` on loopback (own data directory,
# ephemeral media port, self-registration on, no /ws connect rate limit), registers a client and runs the pion peer
# (interop/pion, built offline by scripts/install-test-deps.sh) against it. Every argument goes to the peer, e.g.
#   scripts/pion-call.sh -mode calls -rounds 1 -subscribers 400 -join-interval 50ms -window 10s -connect-timeout 90s
#   scripts/pion-call.sh -mode calls -rounds 100 -subscribers 5 -parallel 3 -video      # 500 joins in storms of 5
# Prints the peer's PION_RESULT line (expected/received stamped packets per kind, failed subscribers, connect
# times) and the server's session-end and ICE-restart counters. The run's files stay in target/pion-call/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peer="$root/interop/pion/peer"
[ -x "$peer" ] || "$root/interop/pion/build.sh"
out="$root/target/pion-call"
rm -rf "$out"
mkdir -p "$out/data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export RTCD_API_HTTP_LISTENADDRESS="127.0.0.1:$port" RTCD_RTC_ICEADDRESSUDP=127.0.0.1 RTCD_RTC_ICEPORTUDP=0 \
  RTCD_RTC_ICEPORTTCP=-1 RTCD_RTC_ALLOWLOOPBACK=true RTCD_API_SECURITY_ALLOWSELFREGISTRATION=true \
  RTCD_WS_CONNECTRATEPERMINUTE=0 RTCD_STORE_DATASOURCE="$out/data/rtcd.db"
"$root/rtcd" serve >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "localhost:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "pion-call: the server did not start, see $out/server.log" >&2; exit 1; }
  sleep 0.5
done
key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
curl -sf -X POST "localhost:$port/register" -d "{\"clientID\":\"pion-call\",\"authKey\":\"$key\"}" >/dev/null
"$peer" -url "ws://127.0.0.1:$port/ws" -client pion-call -key "$key" "$@" >"$out/peer.out" 2>"$out/peer.err" || true
grep '^PION_RESULT' "$out/peer.out" || { echo "pion-call: no result, see $out/peer.err" >&2; exit 1; }
curl -s "localhost:$port/metrics" | grep -E '^rtcd_rtc_(sessions_closed|ice_restarts)_total' | grep -v ' 0.0$' || true
