#!/usr/bin/env bash
# Regenerates docs/benchmarks/README.md from the data files already there (no benchmark runs):
# the JMH and end-to-end files of the last full page run, those of issue 16 (issue16/), the capacity
# runs, the --full matrices (full/jdk17, full/jdk25) and issue 19's footprint runs (footprint.md,
# footprint-capacity/), with notes.md around the computed tables.
# Usage: benchmarks/write-results-page.sh      (from the repository root, after mvn -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-docs/benchmarks}
ARGS=()
for f in "$OUT"/jmh-jdk17.json "$OUT"/jmh-jdk25.json "$OUT"/issue16/jmh-jdk17.json "$OUT"/issue16/jmh-jdk25.json; do
  if [ -f "$f" ]; then ARGS+=(--jmh "$f"); fi
done
for f in "$OUT"/e2e-results.json "$OUT"/jdk25/e2e-results.json "$OUT"/issue16/e2e-results.json "$OUT"/issue16/jdk25/e2e-results.json; do
  if [ -f "$f" ]; then ARGS+=(--e2e "$f"); fi
done
for f in "$OUT"/capacity-results.json "$OUT"/jdk25/capacity-results.json; do
  if [ -f "$f" ]; then ARGS+=(--capacity "$f"); fi
done
for f in "$OUT"/full/jdk17/e2e-results-full.json "$OUT"/full/jdk25/e2e-results-full.json; do
  if [ -f "$f" ]; then ARGS+=(--full "$f"); fi
done
for f in "$OUT"/footprint.md; do
  if [ -f "$f" ]; then ARGS+=(--footprint "$f"); fi
done
for f in "$OUT"/footprint-capacity/users-1000/capacity-results.json "$OUT"/footprint-capacity/users-10000/capacity-results.json; do
  if [ -f "$f" ]; then ARGS+=(--footprint-capacity "$f"); fi
done
java -cp "$JAR" dev.wslab.bench.report.ResultsPage "${ARGS[@]}" --notes "$OUT/notes.md" --out "$OUT/README.md"
