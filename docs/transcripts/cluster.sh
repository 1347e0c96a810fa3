#!/usr/bin/env bash
# Records docs/transcripts/cluster.txt, the real session shown in docs/08-scaling-out.md:
# ./wslab cluster with two nodes, bob listening on node 2, ada posting on node 1, then stops it as Ctrl-C does.
# Run from anywhere after `mvn -B -q -DskipTests package`; needs redis-server and free ports 8080/8081/6390.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/transcripts/cluster.txt
log=$(mktemp)
bob=$(mktemp)
trap 'rm -f "$log" "$bob"' EXIT

./wslab cluster --nodes 2 >"$log" 2>&1 &
cluster=$!
for _ in $(seq 1 600); do
  grep -q "Ctrl-C stops all" "$log" && break
  sleep 0.1
done
grep -q "Ctrl-C stops all" "$log" || { cat "$log"; echo "the cluster did not start" >&2; exit 1; }

export WSLAB_PASSWORD=correct-horse-battery
./wslab client --url ws://127.0.0.1:8081/ws --name bob --register --join lobby --listen-seconds 4 >"$bob" 2>&1 &
listener=$!
sleep 2
ada=$(./wslab client --url ws://127.0.0.1:8080/ws --name ada --register --join lobby --send "lobby:hello from node 1" 2>&1)
wait "$listener"
# (Ctrl-C in a terminal; a script's background job ignores SIGINT, so TERM, which takes the same path)
kill -TERM "$cluster"
wait "$cluster" || true

{
  echo '$ ./wslab cluster --nodes 2'
  cat "$log"
  echo
  echo '# a second terminal: bob, connected to node 2, listens in "lobby"'
  echo '$ ./wslab client --url ws://127.0.0.1:8081/ws --name bob --register --join lobby --listen-seconds 4'
  cat "$bob"
  echo
  echo '# a third terminal: ada, connected to node 1, says hello'
  echo '$ ./wslab client --url ws://127.0.0.1:8080/ws --name ada --register --join lobby --send "lobby:hello from node 1"'
  echo "$ada"
} >"$out"
echo "wrote $out"
