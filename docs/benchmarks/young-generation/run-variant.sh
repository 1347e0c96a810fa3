#!/bin/bash
# One wslab-only footprint run (the three issue-19 loads, then five p99.9 rounds at 10 members x 100 msgs/s)
# with extra server JVM options and a GC log; prints the young pauses during the rounds, the rounds' p99.9
# and the RSS after each cell. Run from the repository root after `mvn -DskipTests package`.
#   docs/benchmarks/young-generation/run-variant.sh NAME "EXTRA JVM OPTIONS" [--only 10c/1r]
# The extra options come after the shipped ones (chat-demo/jvm.options), so they win. BENCH_PROPS adds system
# properties of the runner, e.g. BENCH_PROPS="-Dwslab.bench.chatArgs=--history=0" for the chat's own options.
name=$1; opts=$2; shift 2
d=${OUT:-/tmp/young-generation}/$name; rm -rf "$d"; mkdir -p "$d"
java ${BENCH_PROPS:-} -Dwslab.bench.serverJvmOptions="$opts -Xlog:gc:file=$d/srv-%p.log:time,uptime" \
  -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.TransportRunner --footprint --transports wslab-ws \
  "$@" --latency-rounds 5 --event-loop-clients --out "$d" --no-charts 2>&1 \
  | while IFS= read -r l; do printf '%s %s\n' "$(date +%H:%M:%S.%3N)" "$l"; done > "$d/run.log"
start=$(grep "p99.9 round 1/" "$d/run.log" | head -1 | cut -c1-12)
end=$(tail -1 "$d/run.log" | cut -c1-12)
for f in "$d"/srv-*.log; do
  awk -F'[][]' -v s="$start" -v e="$end" '{t=substr($2,12,12); if (t>=s && t<=e) print}' "$f" | grep "Pause Young" \
    | grep -o "[0-9.]*ms$" | tr -d 'ms' | sort -n \
    | awk -v n="$name" '{a[NR]=$1} END{ if(NR) printf "%s: %d young pauses in rounds, median %.2f ms, max %.2f\n", n, NR, a[int((NR+1)/2)], a[NR]}'
done
echo "$name p99.9: $(grep -A1 'p99.9 round' "$d/run.log" | grep -o 'p99.9 [0-9.]* ms' | awk '{print $2}' | tr '\n' ' ')"
echo "$name p99.9 from the send: $(grep '^| wslab-ws |' "$d/footprint.md" | tail -1 | cut -d'|' -f3- | tr -d '|')"
grep "footprint:" "$d/run.log" | sed "s/^/$name /"
