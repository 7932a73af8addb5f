#!/usr/bin/env bash
# One command per benchmark scenario; see bench/README.md.
#   bench/run.sh fanout    5,000 subscribers on Herald: saturation, then fixed rates 40 events/s (= 200k deliveries/s) and 5
#   bench/run.sh idle      10,000 idle subscribers on Herald: server RSS and live heap per connection
#   bench/run.sh publish   HTTP publish throughput on Herald, batches of 100, durable (202 = on disk)
#   bench/run.sh publish1  one event per request with h2load: HTTP/2 (h2c) streams vs HTTP/1.1 connections and pipelining
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
#   bench/run.sh cluster   issue #10: one Herald (SQLite, memory broker) vs three nodes on PostgreSQL + Redis, same run,
#                          CLUSTER_SUBSCRIBERS (3,000) spread evenly over the nodes, events published on node 1:
#                          saturation, p99 at a fixed CLUSTER_RATE (5 events/s), Redis messages per event, durable
#                          publish (batches of 100) on SQLite vs PostgreSQL; ROUNDS (2), medians, ratios
#   bench/run.sh storm     issue #11: STORM_CLIENTS (5,000) @herald/client HeraldClients in Node (STORM_WORKERS processes)
#                          subscribed to '*'; Herald is restarted (SIGTERM, same port and data dir) while STORM_RATE
#                          (1,000) targeted events/s + STORM_BROADCAST (2) broadcasts/s are published (bench/storm/):
#                          time until all are open again, events lost and duplicated per client, peak server RSS
#   bench/run.sh churn     issue #15: CHURN_CONNECTIONS (19000) subscribers of one tenant and one user all close at once
#                          and reconnect, CHURN_ROUNDS (3) times: wall time and server CPU of each drop and reconnect
#                          (until herald_hub_subscribers reads 0, then all of them again)
#   bench/run.sh idlecurve issue #15 target 4: IDLE_CONNECTIONS (10000) idle subscribers on each of PEERS (default "herald"),
#                          server RSS growth per connection 3, 10, 30 and 60 s after they open (IDLE_CURVE), no GC forced;
#                          then after a GC;
#                          IDLE_WARM=N opens and closes N connections before the baseline (a server that has served;
#                          not comparable across servers: uWS and Node keep the memory of the warm round for reuse)
#   bench/run.sh webhooks  issue #15: WEBHOOK_EVENTS (5,000) events to 10 local endpoints (a Node receiver answering 200 at
#                          once, bench/webhooks/), then WEBHOOK_EVENTS_ONE (20,000) to one endpoint at the default
#                          per-endpoint concurrency; deliveries/s, lost and duplicated (counted at the receiver by
#                          webhook-id), and the receiver's own ceiling (Debian's wrk in Herald's place)
#   bench/run.sh jmh       JMH: wire-frame encoding vs Netty's encoder, hub routing per delivery (ns and bytes per op)
#   bench/run.sh all       every scenario above but peers, route, stall and jmh
# Extra arguments go to the load generator (e.g. `bench/run.sh fanout --duration 10`).
# Environment: SERVER_CPUS / LOAD_CPUS (taskset lists, default 0 / 1), SERVER_JAVA_OPTS, LOAD_JAVA_OPTS, BENCH_PORT;
#   for peers and route: PEERS (default "herald node-ws socketio uws spring"), ROUNDS (3), PHASE_S (10),
#   IDLE_CONNECTIONS (10000), ROUTE_USERS (10000), ROUTE_RATE (10000 events/s); for stall: STALL_SUBSCRIBERS (1000),
#   STALLED (10), STALL_PHASE_S (30); for cluster: CLUSTER_SUBSCRIBERS (3000), CLUSTER_RATE (5 events/s), ROUNDS (2),
#   PHASE_S (10); Redis on BENCH_PORT+10 and PostgreSQL on BENCH_PORT+11 (Debian's redis-server and PostgreSQL);
#   for storm: STORM_CLIENTS (5000), STORM_WORKERS (4), STORM_RATE (1000), STORM_BROADCAST (2), STORM_WARMUP_S (10),
#   STORM_AFTER_S (10), STORM_MIN_DELAY / STORM_MAX_DELAY (the client's backoff, 1000 / 30000 ms); for webhooks:
#   WEBHOOK_EVENTS, WEBHOOK_EVENTS_ONE, WEBHOOK_WARMUP (10000), ROUNDS (1), CEILING_S (10), SKIP_CEILING;
#   for publish1: PUBLISH1_REQUESTS (100000 per row), PUBLISH1_WARMUP (300000), PUBLISH1_ROWS (h2load arguments of
#   the rows to run, ';'-separated);
#   HERALD_JAR (herald-server/target/herald.jar): another build's jar, for a before/after in one run;
#   publish, route, fanout and peers also run the same generator against netty-sink, the generator's ceiling
#   ("ceiling" rows; NO_CEILING=1 skips it); OLD_LOAD_JAR=another herald-bench.jar runs that generator too, against
#   the same server just before this one (rows labelled <server>-oldgen), for a generator before/after;
#   BENCH_SKIP_BUILD=1 (or SKIP_BUILD=1): use the jars as they are.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenario="${1:-}"
case "$scenario" in
  fanout|idle|publish|publish1|stack|transport|ceiling|peers|route|stall|cluster|storm|churn|idlecurve|webhooks|jmh|all) ;;
  *) sed -n '2,49p' "$0"; exit 2 ;;
esac
shift
extra=("$@")

# Every JVM server (Herald, Spring, the stack peers) runs with the JVM options ./herald uses (jvm.options).
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-@$root/jvm.options -Xmx1g}"
PORT="${BENCH_PORT:-18480}"
source "$root/bench/common.sh"
herald_jar="${HERALD_JAR:-$root/herald-server/target/herald.jar}"
bench_jar="$root/bench/target/herald-bench.jar"
load_jar="${LOAD_JAR:-$bench_jar}"
results="$root/bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
tsv="$results/$stamp-$scenario.tsv"

build() {
  [ -n "${SKIP_BUILD:-}" ] && return 0
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
  case " ${PEERS:-spring} " in  # only when it runs: it needs Spring Boot's artifacts in ~/.m2 or the network
    *" spring "*) (cd "$root" && { mvn -o -q -B -f bench/peers/spring/pom.xml package || mvn -q -B -f bench/peers/spring/pom.xml package; }) >&2 ;;
  esac
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
  if [ -n "${OLD_LOAD_JAR:-}" ] && [ "$label" != ceiling ]; then
    "${LOAD_PIN[@]}" java $LOAD_JAVA_OPTS -jar "$OLD_LOAD_JAR" --label "$label-oldgen" --server-pid "$server_pid" \
      --tsv "$tsv" "${target[@]}" "$@" "${extra[@]}"
  fi
  "${LOAD_PIN[@]}" java $LOAD_JAVA_OPTS -jar "$load_jar" --label "$label" --server-pid "$server_pid" \
    --tsv "$tsv" "${target[@]}" "$@" "${extra[@]}"
}

# The generator's ceiling in the same run: the same generator arguments against netty-sink (bench/src/…/peers/
# NettySink.java), a server that does next to nothing per delivery, labelled "ceiling".
with_ceiling() { # generator args…
  [ -n "${NO_CEILING:-}" ] && return 0
  echo "## ceiling (netty-sink), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  start_peer netty-sink
  load ceiling "$@"
  stop_server
}

# Per measured phase: the ceiling against the fastest server of the run (medians over rounds); target 6 of issue
# #15 asks for ceiling / fastest >= 1.5. Publish phases compare events/s, the others deliveries/s. On a shared
# machine neither side may get its core, so it also prints the rate per CPU-second: the generator's against the
# sink (what one generator core carries) over the fastest server's per server CPU-second (what one server core does).
ceiling_summary() {
  awk -F'\t' '
    function median(key,   n, i, j, t, a) {
      n = cnt[key]; for (i = 1; i <= n; i++) a[i] = val[key, i]
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    NF >= 12 && ($2 == "publish" || $2 == "saturate" || $2 == "route-sat") {
      k = $1 SUBSEP $2; v = ($2 == "publish" ? $4 : $5)
      val[k, ++cnt[k]] = v; gen[k, cnt[k]] = $12
      e = "g" SUBSEP k; val[e, ++cnt[e]] = ($12 > 0 ? v / $12 : 0)
      e = "s" SUBSEP k; val[e, ++cnt[e]] = ($11 > 0 ? v / $11 : 0)
      if (!(k in seen)) { seen[k] = 1; labels[$2] = labels[$2] " " $1 }
    }
    END {
      for (p in labels) {
        c = "ceiling" SUBSEP p
        if (!(c in cnt)) continue
        best = ""; bv = 0; nl = split(labels[p], ls, " ")
        for (i = 1; i <= nl; i++) if (ls[i] != "ceiling" && ls[i] !~ /-oldgen$/ && median(ls[i] SUBSEP p) > bv) { bv = median(ls[i] SUBSEP p); best = ls[i] }
        printf "ceiling, %s: the generator reaches %.0f %s against netty-sink (gen cpu %.2f)", p, median(c), \
          (p == "publish" ? "events/s" : "deliveries/s"), gen[c, cnt[c]]
        if (best != "") printf "; fastest server %s %.0f; ceiling / fastest = %.2f (target >= 1.5)", best, bv, median(c) / bv
        printf "\n"
        if (best != "") printf "ceiling, %s, per CPU-second: generator %.0f per gen-cpu-s against the sink; %s %.0f per srv-cpu-s; ratio %.2f\n", \
          p, median("g" SUBSEP c), best, median("s" SUBSEP best SUBSEP p), median("g" SUBSEP c) / median("s" SUBSEP best SUBSEP p)
      }
    }' "$tsv"
}

fanout() {
  local args=(--connections 5000 --rate 40,5 --warmup 5 --duration 12 --saturate 15)
  start_herald
  load herald "${args[@]}"
  stop_server
  with_ceiling "${args[@]}"
  ceiling_summary
}

idle() {
  start_herald
  load herald --connections 10000
  stop_server
}

publish() {
  local args=(--publish-only --batch 100 --inflight 4 --warmup 3 --duration 20)
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  start_herald
  load herald "${args[@]}"
  stop_server
  with_ceiling "${args[@]}"
  ceiling_summary
}

# Issue #15 target 2, one event per request: Debian's h2load (native, nghttp2) publishes PUBLISH1_REQUESTS (40,000)
# single-event bodies over HTTP/2 (h2c, prior knowledge: Herald serves it on its one port) and over HTTP/1.1 (many
# connections; pipelined), each against the same Herald; requests/s = durable events/s (every answer a 202 or counted).
publish1() {
  command -v h2load >/dev/null || { [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nghttp2-client >&2; } ||
    { echo "publish1 needs h2load (apt-get install nghttp2-client)" >&2; return 1; }
  start_herald
  local key body="$work/one-event.json" n="${PUBLISH1_REQUESTS:-100000}" args
  key="$(cat "$work/herald-data/admin-key")"
  echo '{"type":"bench.tick","user":"u1","data":{"bench_ns":1234567890123,"pad":""}}' > "$body"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $n requests per row, one event each; h2load on LOAD_CPUS"
  "${LOAD_PIN[@]}" h2load -n "${PUBLISH1_WARMUP:-300000}" -c 4 -m 64 -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "$body" "http://127.0.0.1:$PORT/api/v1/events" >/dev/null 2>&1 # warm-up (JIT), not reported
  printf '%-32s %10s %8s %10s %10s %10s\n' "protocol, connections x streams" "events/s" "2xx" "mean ms" "max ms" "srv cpu"
  local rows=("-c 4 -m 64" "-c 4 -m 256" "--h1 -c 64 -m 1" "--h1 -c 256 -m 1" "--h1 -c 4 -m 16")
  [ -n "${PUBLISH1_ROWS:-}" ] && IFS=';' read -r -a rows <<< "$PUBLISH1_ROWS" # e.g. PUBLISH1_ROWS='-c 4 -m 256'
  for args in "${rows[@]}"; do
    local t0 t1 out
    t0="$(cpu_ticks "$server_pid")"
    out="$("${LOAD_PIN[@]}" h2load -n "$n" $args -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "$body" "http://127.0.0.1:$PORT/api/v1/events" 2>&1)"
    t1="$(cpu_ticks "$server_pid")"
    echo "$out" | awk -v a="$args" -v cpu=$((t1 - t0)) '
      /^finished in/ { secs = $3 + 0; rps = $4 + 0 }
      /^status codes:/ { ok = $3 + 0 }
      /^time for request:/ { mean = $6; max = $5 } # min max mean sd
      END { proto = (a ~ /--h1/) ? "HTTP/1.1" : "HTTP/2 (h2c)"; sub(/--h1 /, "", a)
            printf "%-32s %10.0f %8d %10s %10s %10.2f\n", proto " " a, rps, ok, mean, max, (secs > 0 ? cpu / 100 / secs : 0) }'
  done
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

# Issue #11's reconnect storm (bench/storm/storm.mjs does the work: it starts and restarts Herald itself, on
# SERVER_CPUS; it and its worker processes run on LOAD_CPUS). The JS client's ws comes from clients/js (npm ci).
storm() {
  check_port
  [ -d "$root/clients/js/node_modules/ws" ] || (cd "$root/clients/js" && npm ci --no-audit --no-fund >&2)
  mkdir -p "$work/herald-data"
  local cfg
  cfg="$(SERVER_JAVA_OPTS="$SERVER_JAVA_OPTS" node -e 'console.log(JSON.stringify({ jar: process.argv[1],
    javaOpts: process.env.SERVER_JAVA_OPTS, port: Number(process.argv[2]), dataDir: process.argv[3],
    secret: process.argv[4], serverPin: process.argv[5] ? process.argv[5].split(" ") : [],
    loadPin: process.argv[6] ? process.argv[6].split(" ") : [] }))' \
    "$herald_jar" "$PORT" "$work/herald-data" "$SECRET" "${SERVER_PIN[*]}" "${LOAD_PIN[*]}")"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(free -h | awk '/^Mem/ {print $2}') memory, open files $(ulimit -n)"
  "${LOAD_PIN[@]}" node "$root/bench/storm/storm.mjs" "$cfg"
}

# Issue #15: a mass disconnect and reconnect of one large tenant. Each side holds one descriptor per connection, so
# CHURN_CONNECTIONS is bounded by the open-files limit (raised to the hard limit here; 20,000 on the shared machine).
churn() {
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  local n="${CHURN_CONNECTIONS:-19000}"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg), open files $(ulimit -n), herald jar $herald_jar"
  start_herald
  load herald --connections "$n" --churn "${CHURN_ROUNDS:-3}"
  stop_server
}

idlecurve() {
  local servers=(${PEERS:-herald}) s
  for s in "${servers[@]}"; do
    case "$s" in
      herald) ;;
      uws) [ -d "$root/bench/peers/uwebsockets/node_modules" ] || build_peers ;;
      *) [ -d "$root/bench/peers/$s/node_modules" ] || build_peers ;;
    esac
    echo "## $s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$s" = herald ]; then start_herald; else start_other "$s"; fi
    load "$s" --connections "${IDLE_CONNECTIONS:-10000}" --idle-curve "${IDLE_CURVE:-3,10,30,60}" \
      ${IDLE_WARM:+--idle-warm "$IDLE_WARM"}
    stop_server
  done
}

# Issue #15's webhook delivery rate: Herald on SERVER_CPUS, the receiver (bench/webhooks/receiver.mjs: 10 ports + 1
# control port from PORT+20, answers 200 at once, counts webhook-ids per port) and the publishing driver on LOAD_CPUS.
# The receiver's ceiling is measured last, with Herald stopped and the ceiling client on SERVER_CPUS in its place.
webhooks() {
  local base=$((PORT + 20)) ports=() i cfg rounds="${ROUNDS:-1}"
  for i in $(seq 1 10); do ports+=($((base + i))); done
  "${LOAD_PIN[@]}" node "$root/bench/webhooks/receiver.mjs" "$base" "${ports[@]}" &
  receiver_pid=$!
  trap 'kill $receiver_pid 2>/dev/null; cleanup' EXIT
  await_http "http://127.0.0.1:$base/stats"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg); webhooks.concurrency ${HERALD_WEBHOOKS_CONCURRENCY:-10 (default)}"
  start_herald
  local key; key="$(cat "$work/herald-data/admin-key")"
  json() { # label, events, ports…
    local label="$1" events="$2"; shift 2
    printf '{"herald":"http://127.0.0.1:%s","apiKey":"%s","control":%s,"ports":[%s],"events":%s,"label":"%s","serverPid":%s}' \
      "$PORT" "$key" "$base" "$(IFS=,; echo "$*")" "$events" "$label" "${server_pid:-0}"
  }
  # Warm-up, not counted: WEBHOOK_WARMUP (10,000) events to the 10 endpoints, so that the JIT's compiling is not in
  # the figures (it was 75-190 us of a delivery's 237 in 15-30 s runs without it); WEBHOOK_WARMUP=0 leaves it out.
  [ "${WEBHOOK_WARMUP:-10000}" = 0 ] ||
    "${LOAD_PIN[@]}" node "$root/bench/webhooks/webhooks.mjs" run "$(json warmup "${WEBHOOK_WARMUP:-10000}" "${ports[@]}")"
  # Each phase, then the receiver's ceiling on the same ports right after it (the load here moves by the minute).
  for r in $(seq 1 "$rounds"); do
    "${LOAD_PIN[@]}" node "$root/bench/webhooks/webhooks.mjs" run "$(json "ten-r$r" "${WEBHOOK_EVENTS:-5000}" "${ports[@]}")" | tee -a "$tsv.log"
    [ -n "${SKIP_CEILING:-}" ] || webhook_ceiling "ten-r$r" "${ports[@]}" | tee -a "$tsv.log"
    "${LOAD_PIN[@]}" node "$root/bench/webhooks/webhooks.mjs" run "$(json "one-r$r" "${WEBHOOK_EVENTS_ONE:-20000}" "${ports[0]}")" | tee -a "$tsv.log"
    [ -n "${SKIP_CEILING:-}" ] || webhook_ceiling "one-r$r" "${ports[0]}" | tee -a "$tsv.log"
  done
  stop_server
  grep -h '^webhooks	' "$tsv.log" >> "$tsv"; rm -f "$tsv.log"
}

# The receiver's own ceiling, in Herald's place (its CPU; Herald idle meanwhile, its endpoints deleted): Debian's wrk,
# a native client, one process per port with as many keep-alive connections as Herald opens (webhooks.concurrency), one
# request in flight on each, Herald's headers and a body of its size, a webhook-id of its own per request
# (bench/webhooks/ceiling.lua), the attempt timeout Herald's default (10 s); 2 s of warm-up first, then CEILING_S.
webhook_ceiling() { # label, ports…
  local label="$1" c="${HERALD_WEBHOOKS_CONCURRENCY:-10}" s="${CEILING_S:-10}" p d out=() pids=() total=0 errors=0 n=0
  shift
  command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2; } ||
    { echo "webhooks: the receiver ceiling needs wrk (apt-get install wrk), or SKIP_CEILING=1" >&2; return 1; }
  for d in 2 "$s"; do
    out=(); pids=()
    for p in "$@"; do
      out+=("$work/wrk-$p.txt")
      "${SERVER_PIN[@]}" wrk -t1 -c"$c" -d"${d}s" --timeout 10s -s "$root/bench/webhooks/ceiling.lua" \
        "http://127.0.0.1:$p/hook" "$label-$d-$p" >"$work/wrk-$p.txt" &
      pids+=($!)
    done
    wait "${pids[@]}"
  done
  for f in "${out[@]}"; do
    total=$(awk -v t="$total" '/requests in/ {print t + $1}' "$f")
    errors=$(awk -v e="$errors" '/Non-2xx|Socket errors/ {gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) e += $i} END {print e}' "$f")
    n=$((n + 1))
  done
  local rate; rate=$(awk -v t="$total" -v s="$s" 'BEGIN {printf "%.0f", t / s}')
  printf 'webhooks, receiver ceiling (%s): %d port(s) x %d keep-alive connections (wrk), %d s: %s answers/s, %d errors; load average %s\n' \
    "$label" "$n" "$c" "$s" "$rate" "$errors" "$(cut -d' ' -f1-3 /proc/loadavg)"
  [ "$errors" = 0 ] || grep -h "Socket errors\|Non-2xx" "${out[@]}" | sort | uniq -c
  printf 'webhooks\tceiling-%s\t%d\t%d\t%d\t0\t0\t%d\t%s\n' "$label" "$n" "$total" "$total" "$((s * 1000))" "$rate"
}

# JMH microbenchmarks (bench/jmh/): the wire-frame encoder against Netty's, and the hub's routing index; -prof gc
# reports bytes allocated per delivery. Herald's modules go to the local Maven repository first (bench/jmh needs them).
jmh() {
  (cd "$root" && { mvn -o -q -B -DskipTests install || mvn -q -B -DskipTests install; }) >&2
  (cd "$root" && { mvn -o -q -B -f bench/jmh/pom.xml package || mvn -q -B -f bench/jmh/pom.xml package; }) >&2
  "${SERVER_PIN[@]}" java -jar "$root/bench/jmh/target/herald-jmh.jar" -prof gc "${extra[@]}"
}

start_any() { # herald | ceiling (netty-sink) | an issue #6 peer
  case "$1" in
    herald) start_herald ;;
    ceiling) start_peer netty-sink ;;
    *) start_other "$1" ;;
  esac
}

peers() {
  build_peers
  local servers=(${PEERS:-herald node-ws socketio uws spring}) phase="${PHASE_S:-10}"
  [ -n "${NO_CEILING:-}" ] || servers+=(ceiling)
  for round in $(seq 1 "${ROUNDS:-3}"); do
    for s in "${servers[@]}"; do
      echo "## round $round: $s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
      if [ "$s" != ceiling ]; then  # the sink's memory says nothing
        start_any "$s"
        # Two steps: memory per connection over all of them, and marginal over the second half (no one-time costs).
        load "$s" --idle-steps "$(( ${IDLE_CONNECTIONS:-10000} / 2 )),${IDLE_CONNECTIONS:-10000}" --connections 1
        stop_server
      fi
      start_any "$s"
      load "$s" --connections 5000 --warmup 3 --saturate 10 --rate 5,10,20,40 --duration "$phase"
      stop_server
    done
  done
  "$root/bench/peers/summarize.sh" "$tsv" "${IDLE_CONNECTIONS:-10000}" "$root/docs/bench-latency.png"
  ceiling_summary
}

route() { # targeted events: each of ROUTE_USERS subscribers is its own user; each event names one of them
  build_peers
  local servers=(${PEERS:-herald node-ws socketio uws spring})
  [ -n "${NO_CEILING:-}" ] || servers+=(ceiling)
  for round in $(seq 1 "${ROUNDS:-3}"); do
    for s in "${servers[@]}"; do
      echo "## round $round: $s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
      start_any "$s"
      load "$s" --route --connections "${ROUTE_USERS:-10000}" --warmup 3 --saturate 10 --saturate-batch 100 --inflight 8 \
        --rate "${ROUTE_RATE:-10000}" --batch 100 --duration "${PHASE_S:-10}"
      stop_server
    done
  done
  "$root/bench/peers/summarize.sh" "$tsv"
  ceiling_summary
}

# Issue #10: the same load against one node and against a three-node cluster (PostgreSQL + Redis), all of the
# servers' side — nodes, Redis and PostgreSQL — on SERVER_CPUS, so both get the same CPU; subscribers spread evenly
# over the nodes, events published on node 1. Each step is its own generator run, so that Redis's counters can be
# read around it: saturation (batches of 5), the fixed rate (batches of 1), publish-only (batches of 100).
cluster() {
  local n="${CLUSTER_SUBSCRIBERS:-3000}" rate="${CLUSTER_RATE:-5}" phase="${PHASE_S:-10}"
  trap 'stop_cluster; stop_infra; cleanup' EXIT
  start_infra
  for round in $(seq 1 "${ROUNDS:-2}"); do
    echo "## round $round: single node (SQLite, memory broker), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    start_herald
    load single --connections "$n" --warmup 3 --saturate "$phase"
    load single --connections "$n" --warmup 3 --saturate-batch 1 --inflight 1 --rate "$rate" --duration "$phase"
    load single --publish-only --batch 100 --inflight 4 --warmup 3 --duration "$phase"
    stop_server
    echo "## round $round: three nodes (PostgreSQL + Redis), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    start_cluster "herald_r$round"
    cluster_load saturate --connections "$n" --warmup 3 --saturate "$phase"
    cluster_load "fixed@$rate" --connections "$n" --warmup 3 --saturate-batch 1 --inflight 1 --rate "$rate" --duration "$phase"
    cluster_load publish --publish-only --batch 100 --inflight 4 --warmup 3 --duration "$phase"
    echo "cluster: broker frames not sent $(node_metric herald_broker_frames_not_sent), slow-consumer closes" \
      "$(node_metric herald_slow_consumer_disconnects)"
    stop_cluster
  done
  "$root/bench/cluster/summarize.sh" "$tsv"
}

redis_port=$((PORT + 10)); pg_port=$((PORT + 11)); redis_pid=""; pg_data=""; node_pids=()
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_() { as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qtA "$@"; }

start_infra() { # Redis and PostgreSQL, throwaway, on loopback, pinned with the servers; stopped on exit
  [ -n "$pg_bin" ] || { echo "PostgreSQL's binaries are missing (apt-get install postgresql)" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
  if redis-cli -p "$redis_port" ping >/dev/null 2>&1 || (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; then
    echo "port $redis_port or $pg_port is already in use: set BENCH_PORT" >&2; exit 1
  fi
  "${SERVER_PIN[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
    >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  # PostgreSQL 15 as Debian ships it: fsync and synchronous_commit on, like SQLite's synchronous=FULL here.
  chmod 755 "$work"; pg_data="$work/pg"; mkdir -p "$pg_data"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_data"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log"
  if [ "$(id -u)" = 0 ]; then
    "${SERVER_PIN[@]}" runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
      -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1" start >/dev/null
  else
    "${SERVER_PIN[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
      -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  echo "redis $(redis-server --version | cut -d' ' -f3) on :$redis_port (pid $redis_pid);" \
    "$("$pg_bin/postgres" --version) on :$pg_port (postmaster $(head -1 "$pg_data/postmaster.pid")," \
    "fsync=$(psql_ -c 'SHOW fsync'), synchronous_commit=$(psql_ -c 'SHOW synchronous_commit'))"
}

stop_infra() {
  [ -n "$pg_data" ] && as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
  pg_data=""; redis_pid=""
}

start_cluster() { # database: three nodes on PORT+1..PORT+3, a fresh database per round
  psql_ -c "CREATE DATABASE $1" >/dev/null
  local url="postgresql://postgres@127.0.0.1:$pg_port/$1" servers=() i port
  for i in 1 2 3; do
    port=$((PORT + i)); mkdir -p "$work/node$i"
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is already in use: set BENCH_PORT" >&2; exit 1; fi
    HERALD_DATA_DIR="$work/node$i" HERALD_SERVER_PORT="$port" HERALD_AUTH_JWT_SECRET="$SECRET" HERALD_MODE=dev \
    HERALD_NODE_ID="node$i" HERALD_STORE=postgres HERALD_POSTGRES_URL="$url" \
    HERALD_BROKER=redis HERALD_REDIS_URL="redis://127.0.0.1:$redis_port" \
      "${SERVER_PIN[@]}" java $SERVER_JAVA_OPTS -jar "$herald_jar" serve >"$work/node$i-$1.log" 2>&1 &
    node_pids+=($!)
    # The first node mints the admin key and the shared dev secrets; the others start once it is up.
    await_http "http://127.0.0.1:$port/health"
    servers+=("http://127.0.0.1:$port")
  done
  target=(--server "$(IFS=,; echo "${servers[*]}")" --api-key "$(cat "$work/node1/admin-key")" --jwt-secret "$SECRET")
  echo "cluster: nodes $(IFS=,; echo "${node_pids[*]}") up; Redis pattern subscriptions: $(redis_psubs)"
}

stop_cluster() {
  local p
  for p in "${node_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${node_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  node_pids=()
  sleep 1
}

node_metric() { # name: the sum over the nodes of a counter or gauge from /metrics
  local i sum=0 v
  for i in 1 2 3; do
    v="$(curl -s "http://127.0.0.1:$((PORT + i))/metrics" | awk -v m="$1" '$1 ~ "^" m "(_total)?({.*})?$" { s += $2 } END { printf "%.0f", s }')"
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}

redis_psubs() { # pattern subscriptions over all clients (PUBSUB NUMPAT counts distinct patterns, not subscribers)
  redis-cli -p "$redis_port" client list | grep -o ' psub=[0-9]*' | awk -F= '{ s += $2 } END { print s + 0 }'
}

cpu_ticks() { # pid: CPU ticks (1/100 s) of a process, its reaped children and its live children (PostgreSQL's backends)
  local c t=0
  for c in "$1" $(pgrep -P "$1" || true); do
    t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  echo $((t + $(awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0)))
}

redis_counters() { # PUBLISH calls, bytes in, bytes out (Redis's own counters)
  local calls
  calls="$(redis-cli -p "$redis_port" info commandstats | tr -d '\r' | awk -F'[:=,]' '$1 == "cmdstat_publish" { print $3 }')"
  echo "${calls:-0} $(redis-cli -p "$redis_port" info stats | tr -d '\r' |
    awk -F: '$1 == "total_net_input_bytes" { i = $2 } $1 == "total_net_output_bytes" { o = $2 } END { print i, o }')"
}

cluster_load() { # step name, generator args…: one generator run on the cluster, Redis traffic per event around it
  local step="$1"; shift
  local e0 r0 e1 r1 g0 pgpid rc0 pc0 rc1 pc1
  pgpid="$(head -1 "$pg_data/postmaster.pid")"
  e0="$(node_metric herald_events_accepted)"; r0=($(redis_counters)); g0="$(node_metric herald_sequencer_store_fills)"
  rc0="$(cpu_ticks "$redis_pid")"; pc0="$(cpu_ticks "$pgpid")"
  "${LOAD_PIN[@]}" java $LOAD_JAVA_OPTS -jar "$load_jar" --label cluster --tsv "$tsv" "${target[@]}" \
    --server-pid "$(IFS=,; echo "${node_pids[*]}")" --infra-pid "$redis_pid,$pgpid" "$@" "${extra[@]}"
  rc1="$(cpu_ticks "$redis_pid")"; pc1="$(cpu_ticks "$pgpid")"
  e1="$(node_metric herald_events_accepted)"; r1=($(redis_counters))
  # Store reads by the nodes' sequencers: a gap waited on for 100 ms, or the 2-second catch-up finding frames in flight.
  echo "cluster, $step: sequencer gap reads $(( $(node_metric herald_sequencer_store_fills) - g0 ))"
  # Every PUBLISH reaches each node's pattern subscription (the publishing node's too, which drops it).
  awk -v step="$step" -v ev=$((e1 - e0)) -v pub=$((r1[0] - r0[0])) -v bin=$((r1[1] - r0[1])) -v bout=$((r1[2] - r0[2])) \
      -v subs="$(redis_psubs)" -v rcpu=$((rc1 - rc0)) -v pcpu=$((pc1 - pc0)) -v tsv="$tsv" 'BEGIN {
    if (ev <= 0) { print "cluster " step ": no events accepted"; exit }
    printf "redis, %s (warm-up included): %d events, %d PUBLISH (%.3f per event), %d pattern subscribers -> %.3f Redis messages per event; %.0f B in + %.0f B out per event\n", \
      step, ev, pub, pub / ev, subs, pub * (1 + subs) / ev, bin / ev, bout / ev
    # CPU over the whole generator run (connecting, warm-up and idle time included): an upper bound per event.
    printf "redis, %s: CPU %.1f us per event (%.1f us per message); PostgreSQL CPU %.1f us per event\n", step, \
      rcpu * 1e4 / ev, (pub > 0 ? rcpu * 1e4 / (pub * (1 + subs)) : 0), pcpu * 1e4 / ev
    printf "cluster\tredis-%s\t%d\t%d\t%.4f\t%.4f\t%.1f\t%.1f\t%.1f\t%.1f\n", step, ev, pub, pub / ev, pub * (1 + subs) / ev, \
      bin / ev, bout / ev, rcpu * 1e4 / ev, pcpu * 1e4 / ev >> tsv
  }'
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
[ -n "${BENCH_SKIP_BUILD:-}" ] || build
echo "# $scenario, $(date -u +%Y-%m-%dT%H:%M:%SZ), nproc=$(nproc), $(java -version 2>&1 | head -1), node $(node --version 2>/dev/null || echo none)"
case "$scenario" in
  fanout|idle|publish|publish1|stack|transport|ceiling|peers|route|stall|cluster|storm|churn|idlecurve|webhooks|jmh) "$scenario" ;;
  all) fanout; idle; publish; stack; transport; ceiling ;;
esac
echo "results: $results/$stamp-$scenario.txt (rows: $tsv)"
