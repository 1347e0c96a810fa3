#!/usr/bin/env bash
# The whole end-to-end matrix (TransportRunner --full: 336 cells, about an hour per JDK on 2 cores) on
# JDK 17 and JDK 25, into docs/benchmarks/full/jdk17 and full/jdk25, then the results page.
# Usage: benchmarks/run-full.sh     (from the repository root, after mvn -B -DskipTests package)
# Environment: JDK25=/path (default /usr/lib/jvm/temurin-25-jdk-amd64); OUT=dir (default docs/benchmarks);
#   TOGETHER=1 runs the two JDKs at the same time (what the published run did, to fit a session: each
#   run's servers then share the cores with the other run's, so compare transports within one JDK's run).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-docs/benchmarks}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -f benchmarks/target/benchmarks.jar ] && [ -f chat-demo/target/wslab-chat.jar ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
# Private copies: a build in the same tree must not replace the jars under the running JVMs.
RUN_DIR=$(mktemp -d)
cp benchmarks/target/benchmarks.jar chat-demo/target/wslab-chat.jar "$RUN_DIR/"
run() { # $1 = java home, $2 = output dir
  mkdir -p "$2"
  echo "$(date -u +%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg) — --full on $("$1/bin/java" -version 2>&1 | head -1) starts" >> "$2/run-log.txt"
  "$1/bin/java" -Dwslab.bench.chatJar="$RUN_DIR/wslab-chat.jar" -cp "$RUN_DIR/benchmarks.jar" dev.wslab.bench.e2e.TransportRunner \
    --full --out "$2" > /dev/null 2> "$2/runner.log" || echo "a self-check failed (see $2/runner.log)" >> "$2/run-log.txt"
  echo "$(date -u +%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg) — done" >> "$2/run-log.txt"
}
if [ -n "${TOGETHER:-}" ]; then
  run "$JDK17" "$OUT/full/jdk17" & run "$JDK25" "$OUT/full/jdk25" & wait
else
  run "$JDK17" "$OUT/full/jdk17"
  run "$JDK25" "$OUT/full/jdk25"
fi
if [ -f "$OUT/notes.md" ]; then
  OUT="$OUT" benchmarks/write-results-page.sh
else
  echo "no $OUT/notes.md: copy full/jdk17 and full/jdk25 into docs/benchmarks/full/, then run benchmarks/write-results-page.sh"
fi
