# Sourced by bench/run.sh and bench/logs/run.sh: the subscriber-token secret, CPU pinning (server on
# SERVER_CPUS, load on LOAD_CPUS when there are two cores or more), the load JVM's options, and a work directory
# removed on exit together with the server still running (server_pid).
SECRET="bench-secret-bench-secret-bench-secret!"
LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:--Xmx1g -XX:+UseG1GC}"
if [ "$(nproc)" -ge 2 ]; then
  SERVER_PIN=(taskset -c "${SERVER_CPUS:-0}"); LOAD_PIN=(taskset -c "${LOAD_CPUS:-1}")
else
  SERVER_PIN=(); LOAD_PIN=()
fi
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
