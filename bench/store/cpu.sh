#!/usr/bin/env bash
# CPU per event of the publish path's parts, base build vs this one, interleaved (issue #15):
#   BASE_JAR=/tmp/herald-base.jar bench/store/cpu.sh     (HERALD_JAR defaults to herald-server/target/herald.jar)
# Each figure is read from a thread's CPU clock, so it holds on a shared machine better than a rate would.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
new="${HERALD_JAR:-$root/herald-server/target/herald.jar}"
base="${BASE_JAR:?set BASE_JAR to the herald.jar of another build}"
out="$(mktemp -d)"
javac -cp "$new" -d "$out" "$root/bench/store/ParseCpu.java" "$root/bench/store/WriterCpu.java" "$root/bench/store/SqliteInsertRows.java"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg), base $base, new $new"
for round in 1 2 3; do
  for j in base new; do
    jar="$base"; [ "$j" = new ] && jar="$new"
    for b in 100 1; do echo "$j round $round: $(java -Xmx512m -cp "$out:$jar" ParseCpu "$b" 2>&1 | grep parse)"; done
    echo "$j round $round: $(java -Xmx512m -cp "$out:$jar" WriterCpu 100 200000 2>&1 | grep batch)"
  done
done
java -cp "$out:$new" SqliteInsertRows 2>&1 | grep -v SLF4J
