#!/usr/bin/env bash
# Produces every file of docs/benchmarks/ from one real run on this machine:
#   JMH (quick settings) on JDK 17 and, if installed, JDK 25; the end-to-end quick profile on each;
#   the ratio tables; the charts; then the results page (README.md) from notes.md + the data.
# Usage: benchmarks/run-results.sh            (from the repository root, after mvn -DskipTests package)
# Environment: JDK25=/path/to/jdk (default /usr/lib/jvm/temurin-25-jdk-amd64), SKIP_JDK25=1, SKIP_E2E25=1,
#   OUT=dir (default docs/benchmarks), JMH_ARGS="..." and E2E_PROFILE=--smoke to try the pipeline quickly.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-docs/benchmarks}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
# Quick JMH settings: one fork, 2 warm-up and 5 measured iterations of 0.3 s (about 4 minutes per JDK);
# the ratio tables use the median iteration, which one disturbed iteration on a shared machine cannot move.
# Each fork gets a fixed, pre-touched 1 GiB heap: on this kind of VM, the first touch of heap memory
# the JVM grows into costs page faults that made allocation-heavy iterations up to 40× slower.
read -r -a JMH_ARGS <<< "${JMH_ARGS:--f 1 -wi 2 -w 300ms -i 5 -r 300ms}"
JMH_JVM=${JMH_JVM:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}
E2E_PROFILE=${E2E_PROFILE:---quick}

mkdir -p "$OUT"
CHAT_JAR=${CHAT_JAR:-chat-demo/target/wslab-chat.jar}   # wslab's chat runs from its shipped jar
[ -f "$JAR" ] && [ -f "$CHAT_JAR" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
# Run from private copies: a build in the same tree must not replace the jars under the running JVMs.
RUN_DIR=$(mktemp -d)
cp "$JAR" "$RUN_DIR/benchmarks.jar"
cp "$CHAT_JAR" "$RUN_DIR/wslab-chat.jar"
JAR=$RUN_DIR/benchmarks.jar
log() { echo "$(date -u +%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg) — $*" | tee -a "$OUT/run-log.txt"; }
: > "$OUT/run-log.txt"

run_jmh() { # $1 = java home, $2 = tag
  log "JMH on $("$1/bin/java" -version 2>&1 | head -1) starts"
  "$1/bin/java" -jar "$JAR" "${JMH_ARGS[@]}" -jvmArgsAppend "$JMH_JVM" -rf json -rff "$OUT/jmh-$2.json" > "$OUT/jmh-$2.txt" 2>&1
  "$1/bin/java" -cp "$JAR" dev.wslab.bench.report.RatioTable "$OUT/jmh-$2.json" "$OUT/jmh-ratios-$2.md"
  log "JMH $2 done"
}

run_e2e() { # $1 = java home, $2 = output dir
  log "end-to-end $E2E_PROFILE on $("$1/bin/java" -version 2>&1 | head -1) starts"
  "$1/bin/java" -Dwslab.bench.chatJar="$RUN_DIR/wslab-chat.jar" -cp "$JAR" dev.wslab.bench.e2e.TransportRunner "$E2E_PROFILE" --out "$2" > /dev/null 2> "$2.log" \
    || log "end-to-end run reported a failed self-check (see $2.log)"
  log "end-to-end done"
}

run_jmh "$JDK17" jdk17
if [ -z "${SKIP_JDK25:-}" ] && [ -x "$JDK25/bin/java" ]; then run_jmh "$JDK25" jdk25; fi
run_e2e "$JDK17" "$OUT"
if [ -z "${SKIP_E2E25:-}" ] && [ -z "${SKIP_JDK25:-}" ] && [ -x "$JDK25/bin/java" ]; then
  mkdir -p "$OUT/jdk25"; run_e2e "$JDK25" "$OUT/jdk25"
fi

# The page from every data file in $OUT (this run's, issue 16's, the capacity runs', the --full matrices').
JAR="$JAR" OUT="$OUT" benchmarks/write-results-page.sh
log "results page written"
