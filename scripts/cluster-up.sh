#!/usr/bin/env bash
# Starts a three-node Herald cluster on this machine: Redis and PostgreSQL from Debian's packages on loopback
# (or the ones you name with REDIS_URL / POSTGRES_URL), then three nodes on ports 8081-8083, and prints how to
# publish on one node and watch on another. Everything lives under .cluster/; scripts/cluster-down.sh stops it.
#
#   scripts/cluster-up.sh                     # local Redis + PostgreSQL + 3 nodes
#   REDIS_URL=redis://10.0.0.5:6379 POSTGRES_URL=postgresql://herald:pw@10.0.0.6/herald scripts/cluster-up.sh
#   NODES=5 BASE_PORT=9001 scripts/cluster-up.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.cluster"
nodes="${NODES:-3}"
base_port="${BASE_PORT:-8081}"
redis_port="${REDIS_PORT:-6390}"
pg_port="${PG_PORT:-5440}"
mkdir -p "$dir"

say() { printf 'cluster-up: %s\n' "$*" >&2; }
wait_for() { # what, seconds, command...
  local what="$1" secs="$2"; shift 2
  for _ in $(seq 1 $((secs * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  say "timed out waiting for $what"; return 1
}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -z "${REDIS_URL:-}" ]; then
  command -v redis-server >/dev/null || { say "redis-server is missing: apt-get install redis-server (or set REDIS_URL)"; exit 1; }
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    say "starting redis-server on 127.0.0.1:$redis_port"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
    wait_for "Redis" 10 redis-cli -p "$redis_port" ping
  fi
  REDIS_URL="redis://127.0.0.1:$redis_port"
fi

if [ -z "${POSTGRES_URL:-}" ]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$bin" ] || { say "PostgreSQL is missing: apt-get install postgresql (or set POSTGRES_URL)"; exit 1; }
  pgdata="$dir/pg"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    say "initdb $pgdata"
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir/pg"
    as_postgres "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log"
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    say "starting PostgreSQL on 127.0.0.1:$pg_port"
    as_postgres "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
      -o "-p $pg_port -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  psql_() { as_postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA "$@"; }
  [ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname='herald'")" = 1 ] || psql_ -c "CREATE DATABASE herald" >/dev/null
  POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/herald"
fi

# One build for every node.
jar="$root/herald-server/target/herald.jar"
if [ ! -f "$jar" ] || [ -n "$(cd "$root" && find pom.xml herald-*/pom.xml herald-*/src/main -newer "$jar" -print -quit)" ]; then
  say "building…"; (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package)
fi

for i in $(seq 1 "$nodes"); do
  port=$((base_port + i - 1))
  if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then say "node$i already answers on :$port"; continue; fi
  mkdir -p "$dir/node$i"
  say "starting node$i on :$port"
  HERALD_SERVER_PORT="$port" HERALD_NODE_ID="node$i" HERALD_DATA_DIR="$dir/node$i" \
  HERALD_BROKER=redis HERALD_REDIS_URL="$REDIS_URL" HERALD_STORE=postgres HERALD_POSTGRES_URL="$POSTGRES_URL" \
    nohup java @"$root/jvm.options" ${HERALD_JAVA_OPTS:-} -jar "$jar" serve >"$dir/node$i.log" 2>&1 &
  echo $! >"$dir/node$i.pid"
  # The first node mints the shared dev secrets and the admin key; the others start once it is up.
  wait_for "node$i (see $dir/node$i.log)" 60 curl -fs "http://127.0.0.1:$port/health"
done

key="$(cat "$dir/node1/admin-key" 2>/dev/null || true)"
token="$(HERALD_STORE=postgres HERALD_POSTGRES_URL="$POSTGRES_URL" HERALD_DATA_DIR="$dir/node1" \
  java -jar "$jar" token --sub demo 2>/dev/null || true)"
cat <<HINTS

Herald cluster is up: $nodes nodes on 127.0.0.1:$base_port-$((base_port + nodes - 1)), Redis $REDIS_URL, PostgreSQL (see .cluster/).
Watch on node 2:
  npx wscat -c "ws://127.0.0.1:$((base_port + 1))/ws/events?token=$token"
Publish on node 1:
  curl -s -X POST http://127.0.0.1:$base_port/api/v1/events -H "Authorization: Bearer ${key:-<admin key>}" \\
    -H 'Content-Type: application/json' -d '{"type":"hello","data":{"from":"node1"}}'
Live nodes:
  curl -s http://127.0.0.1:$base_port/api/v1/cluster -H "Authorization: Bearer ${key:-<admin key>}"
Stop everything: scripts/cluster-down.sh
HINTS
