#!/bin/bash
out=$1
while :; do
  pid=$(pgrep -f "NativeMemoryTracking=summary -jar" | head -1)
  if [ -n "$pid" ]; then
    rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null)
    nmt=$(jcmd $pid VM.native_memory summary 2>/dev/null | grep -E "^Total|^-" | sed -E 's/.*- *([A-Za-z ]+) \(reserved=[0-9]+KB, committed=([0-9]+)KB\).*/\1=\2/; s/Total: reserved=[0-9]+KB, committed=([0-9]+)KB.*/Total=\1/' | tr '\n' ';')
    echo "$(date +%s) rss=$rss $nmt" >> $out
  fi
  sleep 1
done
