#!/usr/bin/env bash
# Builds rtcd-bench (and cli/target/rtcd.jar) and runs the JMH suite, the load matrix or a flame graph
# (docs/performance.md).
#
#   scripts/bench.sh matrix [cell...]          the load matrix against a fresh `rtcd serve` per cell; writes the
#                                               table into docs/performance.md. Cells: 1to10 1to100 1to400 1to800
#                                               1to1000 10to40 video 1to400-join10 (default: all, in that order); also
#                                               1toN-rtcpoff, ws-1toN and wsmux-1toN (the /ws face, section 5)
#   scripts/bench.sh faces [N...]               both signalling faces in alternation (A/B/A/B, ROUNDS rounds, default 2):
#                                               per N (default 400 800) the browser face (1toN), /ws with a socket per
#                                               session (ws-1toN) and /ws with every session on one socket (wsmux-1toN),
#                                               then receiver RTCP on/off at 1 -> the first N (1toN, 1toN-rtcpoff); prints a
#                                               Markdown table (docs/performance.md section 5)
#   scripts/bench.sh load [key=value...]        one load run (io.rtcd.bench.load.ServerLoad), e.g. subscribers=400
#   scripts/bench.sh flame [N]                  1 -> N (default 800) with async-profiler on the server over the
#                                               window; writes docs/perf/flame-1toN.svg
#   scripts/bench.sh jmh [JMH args...]          e.g. scripts/bench.sh jmh SrtpBenchmark -p payload=100
#   scripts/bench.sh fanout [N...] [-- key=value...]
#                                               the older in-process fan-out (SFU and peers in one JVM)
#   scripts/bench.sh info                       machine, JDK and load figures only
#
# Environment: STEADY (measured window per cell, s; default 20), QUICK=1 (3 s windows, no doc update: a smoke run),
# JOIN_RATE (listener joins per second, default 50), WS_JOIN_RATE (joins per second of the ws-* cells, a socket
# and a client authentication each, default 20), ROUNDS (rounds of the faces mode, default 2), SETTLE (settle time
# of the faces mode's cells, s; default the load tool's 30), VIDEO_LISTENERS (listeners of the video cell, default 100),
# SERVER_JVM (extra JVM flags for the server, e.g. "-Xmx2g"), LOADGEN_JVM (JVM flags of the load generator, default
# "-Xmx1g"), NO_DOC=1 (do not touch docs/performance.md), DOC=1 (write it even with QUICK=1), BENCH_SKIP_BUILD=1
# (reuse the jars), SERVER_JAR (server jar to run, default cli/target/rtcd.jar), PROFILER_EVENT (flame: cpu | itimer
# | wall; cpu falls back to itimer when perf events are denied), JAVA_OPTS (JVM flags of the fanout mode).
# Results: rtcd-bench/target/bench/<cell>/{loadgen.log,server.log,gc.log} and rtcd-bench/target/bench/matrix.jsonl.
# Loopback only; every run is bounded in time (ServerLoad's own timeout, and `timeout` around each cell), and every
# process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/find-jdk.sh
source scripts/find-jdk.sh

JAR=rtcd-bench/target/benchmarks.jar
SERVER_JAR=${SERVER_JAR:-cli/target/rtcd.jar}
OUT=rtcd-bench/target
BENCH=rtcd-bench/target/bench
ASYNC_PROFILER_VERSION=4.3
JAVA="$JAVA_HOME/bin/java"
# What the packet path needs of the JDK (the jars' manifests say the same for `java -jar`): the UDP channel's descriptor
# for FFM sendmmsg, the intrinsified GHASH, native access. Without them the code falls back to the slower paths.
PATH_OPENS="--add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
LOADGEN_JVM="${LOADGEN_JVM:--Xmx1g}"

die() {
  echo "bench.sh: $*" >&2
  exit 1
}

info() {
  echo "== machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)"
  echo "== jdk: $("$JAVA" -version 2>&1 | head -n2 | tr '\n' ' ')"
  echo "== gc: $("$JAVA" -XX:+PrintCommandLineFlags -version 2>&1 | grep -o -- '-XX:+Use[A-Za-z0-9]*GC' | head -n1)"
  echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "== load: $(uptime)"
}

build() {
  if [ "${BENCH_SKIP_BUILD:-0}" = "1" ] && [ -f "$JAR" ]; then
    return
  fi
  echo "== building rtcd-bench (and the modules it needs)"
  mvn -B -q -pl rtcd-bench -am package -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true
}

build_all() {
  if [ "${BENCH_SKIP_BUILD:-0}" = "1" ] && [ -f "$JAR" ] && [ -f "$SERVER_JAR" ]; then
    return
  fi
  echo "== building cli/target/rtcd.jar and rtcd-bench/target/benchmarks.jar"
  mvn -B -q -pl cli,rtcd-bench -am package -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true \
    || die "build failed (see the Maven output above)"
  [ -f "$SERVER_JAR" ] || die "$SERVER_JAR missing after the build"
  [ -f "$JAR" ] || die "$JAR missing after the build"
}

# --- process hygiene: every load generator and server started here is stopped on exit ---------------------------
LOADGEN_PID=""
RUN_DIRS=()

stop_pid() { # pid, what
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "bench.sh: $2 $pid did not stop in 15 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  if [ -n "$LOADGEN_PID" ]; then
    stop_pid "$LOADGEN_PID" "load generator"
    LOADGEN_PID=""
  fi
  local d pid
  for d in "${RUN_DIRS[@]+"${RUN_DIRS[@]}"}"; do
    [ -f "$d/server.pid" ] || continue
    pid=$(cat "$d/server.pid")
    # Only our own server: the pid must still be a java running rtcd.jar serve.
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'rtcd.jar serve'; then
      stop_pid "$pid" "server"
    fi
  done
}
trap cleanup EXIT
trap 'echo "bench.sh: interrupted" >&2; exit 130' INT TERM

# Runs one ServerLoad in its own JVM, bounded; its JSON line is appended to $2. Args: label, jsonl, key=value...
run_cell() {
  local label=$1 jsonl=$2
  shift 2
  local dir="$BENCH/$label"
  rm -rf "$dir"
  mkdir -p "$dir"
  RUN_DIRS+=("$dir")
  local steady=${STEADY:-20}
  # Safety net only: ServerLoad bounds itself (its timeout= defaults to start + joins x 4 + window x 2).
  local limit=$((600 + steady * 2))
  echo "== cell $label: $* steady=$steady ($(uptime | sed 's/.*load/load/'))"
  : >"$dir/loadgen.log"
  # shellcheck disable=SC2086
  timeout --kill-after=20 "$limit" "$JAVA" $LOADGEN_JVM $PATH_OPENS -cp "$JAR" \
    io.rtcd.bench.load.ServerLoad "label=$label" "jar=$SERVER_JAR" "out=$dir" "steady=$steady" \
    ${SERVER_JVM:+"server_jvm=$SERVER_JVM"} "$@" >"$dir/loadgen.log" 2>&1 &
  LOADGEN_PID=$!
  tail -n +1 -f --pid="$LOADGEN_PID" "$dir/loadgen.log" | grep --line-buffered -E -v '^(WARNING|INFO: )|^[A-Z][a-z]{2} [0-9]+, [0-9]{4} |^$' &
  local tailer=$!
  local rc=0
  wait "$LOADGEN_PID" || rc=$?
  LOADGEN_PID=""
  wait "$tailer" 2>/dev/null || true
  cleanup
  if [ $rc -ne 0 ]; then
    echo "bench.sh: cell $label failed (exit $rc$([ $rc -eq 124 ] && echo ", timed out after ${limit} s")); logs in $dir" >&2
    tail -n 20 "$dir/server.log" 2>/dev/null | sed 's/^/  server: /' >&2 || true
    return 1
  fi
  grep '^{' "$dir/loadgen.log" >>"$jsonl" || { echo "bench.sh: cell $label printed no JSON line" >&2; return 1; }
}

cell_args() { # cell name -> ServerLoad options
  local rate=${JOIN_RATE:-50}
  case "$1" in
    1to10) echo "publishers=1 subscribers=10 join_rate=$rate" ;;
    1to100) echo "publishers=1 subscribers=100 join_rate=$rate" ;;
    1to400) echo "publishers=1 subscribers=400 join_rate=$rate" ;;
    1to800) echo "publishers=1 subscribers=800 join_rate=$rate" ;;
    1to1000) echo "publishers=1 subscribers=1000 join_rate=$rate" ;;
    10to40) echo "publishers=10 subscribers=40 join_rate=$rate" ;;
    video) echo "publishers=1 subscribers=${VIDEO_LISTENERS:-100} video=true join_rate=$rate" ;;
    # Join latency without a CPU-bound ramp: at 50 joins/s both processes need ~36 ms of CPU per join on 2 CPUs.
    1to400-join10) echo "publishers=1 subscribers=400 join_rate=10 settle=5 steady=5" ;;
    # Issue 13: the listeners send receiver RTCP by default (rtcp=true); this cell turns it off for the A/B.
    1to*-rtcpoff) n=${1#1to} && echo "publishers=1 subscribers=${n%-rtcpoff} join_rate=$rate rtcp=false" ;;
    # The /ws face: a registered client, one backend socket per session (ws-) or all sessions on one (wsmux-).
    ws-1to*) echo "publishers=1 subscribers=${1#ws-1to} join_rate=${WS_JOIN_RATE:-20} face=ws" ;;
    wsmux-1to*) echo "publishers=1 subscribers=${1#wsmux-1to} join_rate=$rate face=ws_mux" ;;
    *) return 1 ;;
  esac
}

matrix() {
  local cells=("$@")
  [ ${#cells[@]} -eq 0 ] && cells=(1to10 1to100 1to400 1to800 1to1000 10to40 video 1to400-join10)
  for c in "${cells[@]}"; do
    cell_args "$c" >/dev/null || die "unknown cell '$c' (known: 1to10 1to100 1to400 1to800 1to1000 10to40 video 1to400-join10 1toN-rtcpoff ws-1toN wsmux-1toN)"
  done
  local write_doc=1
  if [ "${QUICK:-0}" = "1" ]; then
    export STEADY=${STEADY:-3}
    [ "${DOC:-0}" = "1" ] || write_doc=0
  fi
  [ "${NO_DOC:-0}" = "1" ] && write_doc=0
  build_all
  info
  mkdir -p "$BENCH"
  local jsonl="$BENCH/matrix.jsonl"
  : >"$jsonl"
  local load_start failed=()
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  local started=$SECONDS
  for c in "${cells[@]}"; do
    local extra=()
    [ "${QUICK:-0}" = "1" ] && extra=(settle=1 warmup=1)
    # shellcheck disable=SC2046
    run_cell "$c" "$jsonl" $(cell_args "$c") "${extra[@]+"${extra[@]}"}" || failed+=("$c")
  done
  echo "== matrix done in $((SECONDS - started)) s; $(grep -c '^{' "$jsonl" || true) of ${#cells[@]} cells produced results"
  if [ $write_doc -eq 1 ] && [ -s "$jsonl" ]; then
    local gc dirty=""
    gc=$(grep -o '"collector":"[^"]*"' "$jsonl" | head -n1 | cut -d'"' -f4)
    git diff --quiet HEAD -- . 2>/dev/null || dirty=" (work tree had uncommitted changes)"
    local cmd="scripts/bench.sh matrix ${*}"
    [ -n "${STEADY:-}" ] && cmd="STEADY=$STEADY $cmd"
    [ "${QUICK:-0}" = "1" ] && cmd="QUICK=1 $cmd"
    [ -n "${JOIN_RATE:-}" ] && cmd="JOIN_RATE=$JOIN_RATE $cmd"
    [ -n "${SERVER_JVM:-}" ] && cmd="SERVER_JVM=\"$SERVER_JVM\" $cmd"
    "$JAVA" -cp "$JAR" io.rtcd.bench.load.MatrixReport "$jsonl" docs/performance.md \
      "machine=nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/{print $2}') GB RAM" \
      "kernel=$(uname -srm)" \
      "jdk=$("$JAVA" -version 2>&1 | head -n1) ($("$JAVA" -version 2>&1 | sed -n 2p))" \
      "gc=${gc:-?} (the flags ./rtcd adds: -XX:+UseG1GC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40${SERVER_JVM:+; + $SERVER_JVM}); load generator $LOADGEN_JVM" \
      "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty" \
      "date=$(date -u +%Y-%m-%dT%H:%MZ)" \
      "load=$load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (1/5/15 min)" \
      "command=$cmd" | grep -v '^WARNING' || die "could not write docs/performance.md"
    echo "== wrote the matrix section of docs/performance.md"
  fi
  [ ${#failed[@]} -eq 0 ] || die "failed cells: ${failed[*]} (logs in $BENCH/<cell>/)"
}

# Both faces in alternation, then receiver RTCP on/off; one JSON line per cell in $BENCH/faces.jsonl, a table on stdout.
faces() {
  local sizes=("$@")
  [ ${#sizes[@]} -eq 0 ] && sizes=(400 800)
  local rounds=${ROUNDS:-2} extra=()
  if [ "${QUICK:-0}" = "1" ]; then
    export STEADY=${STEADY:-3}
    extra=(settle=1 warmup=1)
  elif [ -n "${SETTLE:-}" ]; then
    extra=("settle=$SETTLE")
  fi
  build_all
  info
  mkdir -p "$BENCH"
  local jsonl="$BENCH/faces.jsonl" failed=() r n c
  : >"$jsonl"
  for r in $(seq 1 "$rounds"); do
    for n in "${sizes[@]}"; do
      for c in "1to$n" "ws-1to$n" "wsmux-1to$n"; do
        # shellcheck disable=SC2046
        run_cell "$c-r$r" "$jsonl" $(cell_args "$c") "${extra[@]+"${extra[@]}"}" || failed+=("$c-r$r")
      done
    done
  done
  for r in $(seq 1 "$rounds"); do
    for c in "1to${sizes[0]}" "1to${sizes[0]}-rtcpoff"; do
      # shellcheck disable=SC2046
      run_cell "$c-rtcp-r$r" "$jsonl" $(cell_args "$c") "${extra[@]+"${extra[@]}"}" || failed+=("$c-rtcp-r$r")
    done
  done
  echo
  echo "| cell | face | receiver RTCP | fwd per server CPU-s | loss % | latency p50 / p99 ms | join p50 ms | failed joins | RcvbufErrors | load avg |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  jq -r '"| \(.label) | \(.face) | \(if .receiver_rtcp.enabled then "on" else "off" end) | \(.server.forwarded_per_cpu_s) | \(.loss_pct) | \(.latency_ms.p50) / \(.latency_ms.p99) | \(.join.p50_ms) | \(.join.failed) | \(.udp.RcvbufErrors) | \(.loadgen.load_avg_before) |"' "$jsonl"
  [ ${#failed[@]} -eq 0 ] || die "failed cells: ${failed[*]} (logs in $BENCH/<cell>/)"
}

profiler_lib() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=linux-x64 ;;
    aarch64) arch=linux-arm64 ;;
    *) die "async-profiler has no library for $(uname -m)" ;;
  esac
  local dir=rtcd-bench/target/profiler
  local lib="$dir/$arch/libasyncProfiler.so"
  if [ ! -f "$lib" ]; then
    echo "== fetching tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION (Maven Central)" >&2
    mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" \
      -DoutputDirectory="$dir" >&2 || die "could not fetch async-profiler"
    (cd "$dir" && "$JAVA_HOME/bin/jar" xf "async-profiler-$ASYNC_PROFILER_VERSION.jar" "$arch/libasyncProfiler.so") \
      || die "could not extract $arch/libasyncProfiler.so"
  fi
  echo "$lib"
}

flame() {
  local n=${1:-800}
  [[ "$n" =~ ^[0-9]+$ ]] || die "flame takes a listener count, got '$n'"
  build_all
  info
  local lib event
  lib=$(profiler_lib)
  event=${PROFILER_EVENT:-cpu}
  local label="flame-1to$n"
  mkdir -p "$BENCH" docs/perf
  run_cell "$label" "$BENCH/flame.jsonl" publishers=1 "subscribers=$n" "join_rate=${JOIN_RATE:-50}" \
    "profiler=$lib" "profiler_event=$event" "profiler_out=$BENCH/$label/profile.collapsed" \
    || die "flame run failed"
  local used
  used=$(grep -o 'server profile ([a-z]*)' "$BENCH/$label/loadgen.log" | tr -d '()' | awk '{print $3}')
  local svg="docs/perf/flame-1to$n.svg"
  "$JAVA" -cp "$JAR" io.rtcd.bench.load.FlameGraphSvg "$BENCH/$label/profile.collapsed" "$svg" \
    "rtcd serve, 1 -> $n audio listeners, ${STEADY:-20} s window, ${used:-$event} samples, commit $(git rev-parse --short HEAD)" \
    || die "could not render $svg"
  echo "== wrote $svg (collapsed stacks in $BENCH/$label/profile.collapsed)"
}

mode="${1:-}"
[ $# -gt 0 ] && shift
case "$mode" in
  matrix)
    matrix "$@"
    ;;
  load)
    build_all
    info
    mkdir -p "$BENCH"
    run_cell "${LABEL:-load}" "$BENCH/load.jsonl" "$@"
    ;;
  flame)
    flame "$@"
    ;;
  faces)
    faces "$@"
    ;;
  jmh)
    build
    info
    "$JAVA" $PATH_OPENS -jar "$JAR" -rf json -rff "$OUT/jmh-result.json" "$@"
    ;;
  fanout)
    build
    info
    sizes=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
      sizes+=("$1")
      shift
    done
    [ $# -gt 0 ] && shift
    [ ${#sizes[@]} -eq 0 ] && sizes=(10 50 100)
    for n in "${sizes[@]}"; do
      echo "== fan-out 1 -> $n ($(uptime | sed 's/.*load/load/'))"
      # shellcheck disable=SC2086
      timeout 900 "$JAVA" ${JAVA_OPTS:-} $PATH_OPENS -cp "$JAR" io.rtcd.bench.FanoutLoad "subscribers=$n" "$@" \
        | tee "$OUT/fanout-$n.log"
      grep '^{' "$OUT/fanout-$n.log" >>"$OUT/fanout-results.jsonl" || true
    done
    ;;
  info)
    info
    ;;
  *)
    awk 'NR > 1 && /^#/ { print } /^set / { exit }' "$0"
    exit 2
    ;;
esac
