#!/usr/bin/env bash
# Builds rtcd-bench and runs the JMH suite or the fan-out load matrix (docs/performance.md).
#
#   scripts/bench.sh jmh [JMH args...]          e.g. scripts/bench.sh jmh SrtpBenchmark -p payload=100
#   scripts/bench.sh fanout [N...] [-- key=value...]
#                                               e.g. scripts/bench.sh fanout 10 50 100 -- steady=20 profile=gcm
#   scripts/bench.sh info                       machine, JDK and load figures only
#
# Environment: BENCH_SKIP_BUILD=1 reuses rtcd-bench/target/benchmarks.jar; JAVA_OPTS adds JVM flags to the fan-out
# run (e.g. JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/fanout.jfr,settings=profile").
# Results: rtcd-bench/target/jmh-result.json and rtcd-bench/target/fanout-results.jsonl (one JSON line per run).
# Loopback only; every run is bounded in time. On a shared machine check `uptime` and re-run key figures.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/find-jdk.sh
source scripts/find-jdk.sh

JAR=rtcd-bench/target/benchmarks.jar
OUT=rtcd-bench/target

info() {
  echo "== machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "== jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n2 | tr '\n' ' ')"
  echo "== gc: $("$JAVA_HOME/bin/java" -XX:+PrintCommandLineFlags -version 2>&1 | grep -o -- '-XX:+Use[A-Za-z0-9]*GC' | head -n1)"
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

mode="${1:-}"
[ $# -gt 0 ] && shift
case "$mode" in
  jmh)
    build
    info
    "$JAVA_HOME/bin/java" -jar "$JAR" -rf json -rff "$OUT/jmh-result.json" "$@"
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
      timeout 900 "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -cp "$JAR" io.rtcd.bench.FanoutLoad "subscribers=$n" "$@" \
        | tee "$OUT/fanout-$n.log"
      grep '^{' "$OUT/fanout-$n.log" >> "$OUT/fanout-results.jsonl" || true
    done
    ;;
  info)
    info
    ;;
  *)
    sed -n '2,12p' "$0"
    exit 2
    ;;
esac
