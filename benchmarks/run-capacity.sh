#!/usr/bin/env bash
# The capacity benchmark (issue 11): 10,000 WebSocket connections against wslab's chat and the
# Undertow-native baseline, in one run per JDK; writes capacity-results.{json,md} and the chart.
# Usage: benchmarks/run-capacity.sh            (from the repository root, after mvn -DskipTests package)
# Environment: USERS=10000, OUT=docs/benchmarks, JDK25=/path/to/jdk (default /usr/lib/jvm/temurin-25-jdk-amd64),
#   SKIP_JDK25=1.
#
# File descriptors: the load generator holds USERS sockets and each server USERS more, so every JVM
# needs an open-file limit above USERS (plus a few hundred for jars and pipes). The shell's soft
# limit is raised to its hard limit here (`ulimit -n "$(ulimit -Hn)"`); the servers inherit it.
# (HotSpot on Linux also raises its own soft limit to the hard one at start, -XX:+MaxFDLimit, on by
# default; the runner prints the limit it got.) If the hard limit is too low, raise it as root, e.g.
# in /etc/security/limits.conf (`*  hard  nofile  65536`) or with `prlimit --nofile=65536:65536 --pid $$`.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-docs/benchmarks}
USERS=${USERS:-10000}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}

ulimit -n "$(ulimit -Hn)"
NEEDED=$((USERS + 1000))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEEDED" ]; then
  echo "open-file limit $(ulimit -n) is below $NEEDED: raise the hard limit (see the comment at the top)" >&2
  exit 1
fi
CHAT_JAR=${CHAT_JAR:-chat-demo/target/wslab-chat.jar}   # wslab's chat runs from its shipped jar
[ -f "$JAR" ] && [ -f "$CHAT_JAR" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
RUN_DIR=$(mktemp -d)   # private copies: a build in this tree must not replace the jars mid-run
RUN_JAR=$RUN_DIR/benchmarks.jar
cp "$JAR" "$RUN_JAR"
cp "$CHAT_JAR" "$RUN_DIR/wslab-chat.jar"
mkdir -p "$OUT"
log() { echo "$(date -u +%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg) — $*" | tee -a "$OUT/capacity-run-log.txt"; }

run() { # $1 = java home, $2 = output dir
  mkdir -p "$2"
  log "capacity, $USERS users, on $("$1/bin/java" -version 2>&1 | head -1) starts (ulimit -n $(ulimit -n))"
  "$1/bin/java" -Xmx2g -Dwslab.bench.chatJar="$RUN_DIR/wslab-chat.jar" -cp "$RUN_JAR" dev.wslab.bench.e2e.CapacityRunner --users "$USERS" --out "$2" \
    > /dev/null 2> "$2/capacity-run.log" || log "the capacity run reported a failure (see $2/capacity-run.log)"
  log "capacity done"
}

run "$JDK17" "$OUT"
if [ -z "${SKIP_JDK25:-}" ] && [ -x "$JDK25/bin/java" ]; then run "$JDK25" "$OUT/jdk25"; fi
