#!/usr/bin/env bash
# One command per benchmark scenario; see bench/README.md.
#   bench/run.sh fanout    5,000 subscribers on Herald: saturation, then fixed rates 40 events/s (= 200k deliveries/s) and 5
#   bench/run.sh idle      10,000 idle subscribers on Herald: server RSS and live heap per connection
#   bench/run.sh publish   HTTP publish throughput on Herald, batches of 100, durable (202 = on disk)
#   bench/run.sh stack     ADR-001: Herald vs plain Vert.x vs raw Netty vs Java-WebSocket, same generator
#   bench/run.sh transport NIO vs native epoll, for plain Vert.x and raw Netty (Herald runs on NIO: no epoll jar)
#   bench/run.sh ceiling   the load generator's own ceiling, against a raw-Netty sink that coalesces writes
#   bench/run.sh peers     issue #6: Herald vs Node ws, Socket.IO, uWebSockets, Spring Boot (bench/peers/), 3 rounds:
#                          10,000 idle (RSS/heap per connection), then 5,000 subscribers: saturation and fixed
#                          5/10/20/40 events/s (25k-200k deliveries/s); medians, ratios, docs/bench-latency.png
#   bench/run.sh route     issue #6 (d): the same servers, 10,000 subscribers each its own user, events targeted at
#                          one user each (batches of 100): saturation and fixed 10,000 events/s; medians, ratios
#   bench/run.sh stall     slow consumers: 1,000 subscribers at 20 events/s of 16 KiB, then 10 of them stop reading;
#                          published rate and healthy subscribers' latency before and after, 4008 closes
#   bench/run.sh jmh       JMH: wire-frame encoding vs Netty's encoder, hub routing per delivery (ns and bytes per op)
#   bench/run.sh all       every scenario above but peers, route, stall and jmh
# Extra arguments go to the load generator (e.g. `bench/run.sh fanout --duration 10`).
# Environment: SERVER_CPUS / LOAD_CPUS (taskset lists, default 0 / 1), SERVER_JAVA_OPTS, LOAD_JAVA_OPTS, BENCH_PORT;
#   for peers and route: PEERS (default "herald node-ws socketio uws spring"), ROUNDS (3), PHASE_S (10),
#   IDLE_CONNECTIONS (10000), ROUTE_USERS (10000), ROUTE_RATE (10000 events/s); for stall: STALL_SUBSCRIBERS (1000),
#   STALLED (10), STALL_PHASE_S (30).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenario="${1:-}"
case "$scenario" in
  fanout|idle|publish|stack|transport|ceiling|peers|route|stall|jmh|all) ;;
  *) sed -n '2,21p' "$0"; exit 2 ;;
esac
shift
extra=("$@")

# Every JVM server (Herald, Spring, the stack peers) runs with the JVM options ./herald uses (jvm.options).
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-@$root/jvm.options -Xmx1g}"
PORT="${BENCH_PORT:-18480}"
source "$root/bench/common.sh"
herald_jar="$root/herald-server/target/herald.jar"
bench_jar="$root/bench/target/herald-bench.jar"
results="$root/bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
tsv="$results/$stamp-$scenario.tsv"

build() {
  # Offline first (the usual case here); online only when a dependency is missing from ~/.m2.
  (cd "$root" && { mvn -o -q -B -DskipTests package || mvn -q -B -DskipTests package; }) >&2
  (cd "$root" && { mvn -o -q -B -f bench/pom.xml package || mvn -q -B -f bench/pom.xml package; }) >&2
}

await_http() { # url
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "server did not answer $1" >&2; return 1
}

check_port() { # another server on PORT would answer in ours' stead (and be measured)
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "port $PORT is already in use: set BENCH_PORT" >&2; exit 1
  fi
}

start_herald() {
  check_port
  local data="$work/herald-data"; mkdir -p "$data"
  # The load generator is one API key and one user on one address: the abuse limits would measure themselves.
  HERALD_LIMITS_PUBLISH_RATE=0 HERALD_LIMITS_CONNECTIONS_PER_IP=0 HERALD_LIMITS_CONNECTIONS_PER_USER=0 \
  HERALD_LIMITS_CONNECTIONS_TOTAL=0 HERALD_LIMITS_CLIENT_MESSAGE_RATE=0 \
  HERALD_DATA_DIR="$data" HERALD_SERVER_PORT="$PORT" HERALD_AUTH_JWT_SECRET="$SECRET" HERALD_MODE=dev \
    "${SERVER_PIN[@]}" java $SERVER_JAVA_OPTS -jar "$herald_jar" serve >"$work/herald.log" 2>&1 &
  server_pid=$!
  await_http "http://127.0.0.1:$PORT/health"
  target=(--server "http://127.0.0.1:$PORT" --api-key "$(cat "$data/admin-key")" --jwt-secret "$SECRET")
}

# Issue #6 peers (bench/peers/): Node servers from npm at the versions in each package-lock.json (npm ci), the
# Spring Boot one built with Maven. Each serves WebSockets and POST /publish on PORT.
build_peers() {
  for d in node-ws socketio uwebsockets; do
    [ -d "$root/bench/peers/$d/node_modules" ] || (cd "$root/bench/peers/$d" && npm ci --no-audit --no-fund --ignore-scripts >&2)
  done
  (cd "$root" && { mvn -o -q -B -f bench/peers/spring/pom.xml package || mvn -q -B -f bench/peers/spring/pom.xml package; }) >&2
}

start_other() { # node-ws | socketio | uws | spring
  check_port
  case "$1" in
    spring)
      "${SERVER_PIN[@]}" java $SERVER_JAVA_OPTS -jar "$root/bench/peers/spring/target/spring-peer.jar" \
        --server.address=127.0.0.1 --server.port="$PORT" --server.tomcat.max-connections=200000 \
        --server.tomcat.accept-count=4096 >"$work/$1.log" 2>&1 & ;;
    uws) "${SERVER_PIN[@]}" node "$root/bench/peers/uwebsockets/server.js" "$PORT" >"$work/$1.log" 2>&1 & ;;
    *) "${SERVER_PIN[@]}" node "$root/bench/peers/$1/server.js" "$PORT" >"$work/$1.log" 2>&1 & ;;
  esac
  server_pid=$!
  await_http "http://127.0.0.1:$PORT/publish"
  if [ "$1" = socketio ]; then
    target=(--ws-url "ws://127.0.0.1:$PORT/socket.io/?EIO=4&transport=websocket" --protocol socketio
            --publish-url "http://127.0.0.1:$PORT/publish")
  else
    target=(--ws-url "ws://127.0.0.1:$PORT/ws/events" --publish-url "http://127.0.0.1:$PORT/publish")
  fi
}

start_peer() { # a PeerMain name: netty, netty-epoll, netty-sink, vertx, vertx-epoll, javaws
  check_port
  "${SERVER_PIN[@]}" java $SERVER_JAVA_OPTS -cp "$bench_jar" dev.herald.bench.peers.PeerMain "$1" "$PORT" \
    >"$work/$1.log" 2>&1 &
  server_pid=$!
  if [ "$1" = javaws ]; then  # WebSocket on PORT, the JDK HttpServer for publishing on PORT+1
    await_http "http://127.0.0.1:$((PORT + 1))/"
    target=(--ws-url "ws://127.0.0.1:$PORT/ws/events" --publish-url "http://127.0.0.1:$((PORT + 1))/api/v1/events")
  else
    await_http "http://127.0.0.1:$PORT/"
    target=(--server "http://127.0.0.1:$PORT")
  fi
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  sleep 1  # let the port and the CPU settle before the next server
}

load() { # label, generator args…
  local label="$1"; shift
  "${LOAD_PIN[@]}" java $LOAD_JAVA_OPTS -jar "$bench_jar" --label "$label" --server-pid "$server_pid" \
    --tsv "$tsv" "${target[@]}" "$@" "${extra[@]}"
}

fanout() {
  start_herald
  load herald --connections 5000 --rate 40,5 --warmup 5 --duration 12 --saturate 15
  stop_server
}

idle() {
  start_herald
  load herald --connections 10000
  stop_server
}

publish() {
  start_herald
  load herald --publish-only --batch 100 --inflight 4 --warmup 3 --duration 20
  stop_server
}

compare() { # servers…: the same fan-out run against each, then ratios against the first
  for s in "$@"; do
    if [ "$s" = herald ]; then start_herald; else start_peer "$s"; fi
    load "$s" --connections 5000 --rate 5 --warmup 3 --duration 10 --saturate 10
    stop_server
  done
  summarize
}

stack() { compare herald vertx netty javaws; }

transport() { compare vertx vertx-epoll netty netty-epoll; }

ceiling() {
  start_peer netty-sink
  load sink --connections 5000 --saturate-batch 100 --inflight 2 --saturate 15
  stop_server
}

# The slow-consumer scenario: 1,000 subscribers get 16 KiB events at 20 events/s; then 10 of them stop reading.
# The published rate, the healthy subscribers' latency and their deliveries should not change; the server's
# slow-consumer closes (4008) are read from its /metrics.
stall() {
  start_herald
  load herald --connections "${STALL_SUBSCRIBERS:-1000}" --payload 16384 --warmup 3 --rate 20,20 --stall "${STALLED:-10}" \
    --duration "${STALL_PHASE_S:-30}"
  echo "herald: slow-consumer closes (4008): $(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^herald_slow_consumer_disconnects/ {print $2}')"
  stop_server
}

# JMH microbenchmarks (bench/jmh/): the wire-frame encoder against Netty's, and the hub's routing index; -prof gc
# reports bytes allocated per delivery. Herald's modules go to the local Maven repository first (bench/jmh needs them).
jmh() {
  (cd "$root" && { mvn -o -q -B -DskipTests install || mvn -q -B -DskipTests install; }) >&2
  (cd "$root" && { mvn -o -q -B -f bench/jmh/pom.xml package || mvn -q -B -f bench/jmh/pom.xml package; }) >&2
  "${SERVER_PIN[@]}" java -jar "$root/bench/jmh/target/herald-jmh.jar" -prof gc "${extra[@]}"
}

peers() {
  build_peers
  local servers=(${PEERS:-herald node-ws socketio uws spring}) phase="${PHASE_S:-10}"
  for round in $(seq 1 "${ROUNDS:-3}"); do
    for s in "${servers[@]}"; do
      echo "## round $round: $s"
      if [ "$s" = herald ]; then start_herald; else start_other "$s"; fi
      # Two steps: memory per connection over all of them, and marginal over the second half (no one-time costs).
      load "$s" --idle-steps "$(( ${IDLE_CONNECTIONS:-10000} / 2 )),${IDLE_CONNECTIONS:-10000}" --connections 1
      stop_server
      if [ "$s" = herald ]; then start_herald; else start_other "$s"; fi
      load "$s" --connections 5000 --warmup 3 --saturate 10 --rate 5,10,20,40 --duration "$phase"
      stop_server
    done
  done
  "$root/bench/peers/summarize.sh" "$tsv" "${IDLE_CONNECTIONS:-10000}" "$root/docs/bench-latency.png"
}

route() { # targeted events: each of ROUTE_USERS subscribers is its own user; each event names one of them
  build_peers
  local servers=(${PEERS:-herald node-ws socketio uws spring})
  for round in $(seq 1 "${ROUNDS:-3}"); do
    for s in "${servers[@]}"; do
      echo "## round $round: $s"
      if [ "$s" = herald ]; then start_herald; else start_other "$s"; fi
      load "$s" --route --connections "${ROUTE_USERS:-10000}" --warmup 3 --saturate 10 --saturate-batch 100 --inflight 8 \
        --rate "${ROUTE_RATE:-10000}" --batch 100 --duration "${PHASE_S:-10}"
      stop_server
    done
  done
  "$root/bench/peers/summarize.sh" "$tsv"
}

summarize() { # side-by-side ratios against the first server of the run
  # Deliveries per server CPU-second: on a machine shared with other work, the fairer throughput figure.
  echo
  awk -F'\t' '
    $2 == "idle"     { rss[$1] = $6; heap[$1] = $7; order[n++] = $1 }
    $2 ~ /^fixed/    { p99[$1] = $7 }
    $2 == "saturate" { sat[$1] = $5; eff[$1] = ($11 > 0 ? $5 / $11 : 0); gen[$1] = $12 }
    END {
      b = order[0]
      printf "%-11s %12s %7s %13s %7s %9s %13s %7s %11s %11s\n", "server", "sat. del/s", "x " b, "del/srv-cpu-s", "x " b, "gen cores", "fixed p99 ms", "x " b, "RSS B/conn", "heap B/conn"
      for (i = 0; i < n; i++) { s = order[i]
        printf "%-11s %12.0f %7.2f %13.0f %7.2f %9.2f %13.2f %7.2f %11d %11d\n", s, sat[s], sat[s] / sat[b], eff[s], eff[s] / eff[b], gen[s], p99[s], p99[s] / p99[b], rss[s], heap[s] }
    }' "$tsv"
}

mkdir -p "$results"
exec > >(tee "$results/$stamp-$scenario.txt") 2>&1
build
echo "# $scenario, $(date -u +%Y-%m-%dT%H:%M:%SZ), nproc=$(nproc), $(java -version 2>&1 | head -1), node $(node --version 2>/dev/null || echo none)"
case "$scenario" in
  fanout|idle|publish|stack|transport|ceiling|peers|route|stall|jmh) "$scenario" ;;
  all) fanout; idle; publish; stack; transport; ceiling ;;
esac
echo "results: $results/$stamp-$scenario.txt (rows: $tsv)"
