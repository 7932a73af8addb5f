#!/usr/bin/env bash
# Stops what scripts/cluster-up.sh started: the nodes (SIGTERM, graceful), then PostgreSQL and Redis if it
# started them. Data stays under .cluster/ (remove it for a clean slate).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.cluster"
[ -d "$dir" ] || { echo "cluster-down: nothing to stop (no .cluster/)"; exit 0; }
for pidfile in "$dir"/node*.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "cluster-down: stopping $(basename "$pidfile" .pid) (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
done
if [ -f "$dir/pg/PG_VERSION" ]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
  else "$bin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true; fi
  echo "cluster-down: PostgreSQL stopped"
fi
if [ -f "$dir/redis.pid" ]; then
  kill -TERM "$(cat "$dir/redis.pid")" 2>/dev/null || true
  rm -f "$dir/redis.pid"
  echo "cluster-down: Redis stopped"
fi
