#!/usr/bin/env bash
# /logs/ws benchmark (issue #5): bench/logs/run.sh [LogStreamBench options, e.g. --rates 1000,10000 --duration 5]
# Starts `herald serve` with logs.dir in a temp directory, then LogStreamBench (a single-file Java program on
# herald.jar's classpath) appends seed-format lines at 1k, 10k and 50k lines/s for 100 clients with mixed
# filters, then one 300k-line burst. Prints write->deliver latency, delivered/expected, server CPU per 1k lines/s.
# Server pinned to CPU ${SERVER_CPUS:-0}, load to ${LOAD_CPUS:-1} (when nproc >= 2). About 50 s.
# Output is also kept in bench/results/ (git-ignored); the published numbers are in docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${BENCH_PORT:-18490}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}"
source "$root/bench/common.sh"
jar="$root/herald-server/target/herald.jar"

(cd "$root" && { mvn -o -q -B -DskipTests package || mvn -q -B -DskipTests package; }) >&2
mkdir -p "$work/logs" "$work/data" "$root/bench/results"
out="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-logs.txt"
exec > >(tee "$out") 2>&1

HERALD_DATA_DIR="$work/data" HERALD_SERVER_PORT="$PORT" HERALD_AUTH_JWT_SECRET="$SECRET" HERALD_LOGS_DIR="$work/logs" \
  "${SERVER_PIN[@]}" java $SERVER_JAVA_OPTS -jar "$jar" serve >"$work/herald.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break
  sleep 0.2
done

echo "# /logs/ws, $(date -u +%Y-%m-%dT%H:%M:%SZ), nproc=$(nproc), $(java -version 2>&1 | head -1)"
"${LOAD_PIN[@]}" java $LOAD_JAVA_OPTS -cp "$jar" "$root/bench/logs/LogStreamBench.java" \
  --url "ws://127.0.0.1:$PORT" --metrics "http://127.0.0.1:$PORT/metrics" --dir "$work/logs" --secret "$SECRET" \
  --pid "$server_pid" --clk-tck "$(getconf CLK_TCK)" "$@"
