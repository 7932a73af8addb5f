#!/usr/bin/env bash
# Installs what the test suite needs and this machine lacks. Idempotent: quick when everything is there.
#  - Debian packages (as root): JDK/Maven/Node are expected on the machine; installed here if missing.
#    python3-websockets: the seed 001 Python client (/logs/ws) runs on Debian's /usr/bin/python3.
#    redis-server, postgresql: the cluster tests start throwaway instances of each on free loopback ports
#    (herald-testkit's RedisProcess and PostgresProcess); nothing is started here.
#    chromium, chromium-driver: the dashboard's end-to-end tests (headless, through Selenium).
#  - npm packages of test-clients/ (the seeds' own client libraries: ws, wscat; the API document validators:
#    @redocly/cli, @asyncapi/parser, run offline by ApiDocumentsValidateTest) and the dev dependencies of
#    clients/js (ws, React, Testing Library, jsdom: its tests run from herald-server's integration-test phase).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
/usr/bin/python3 -c 'import websockets' >/dev/null 2>&1 || missing+=(python3-websockets)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# The dashboard's browser tests (DashboardBrowserTest) drive Debian's chromium through its chromedriver.
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "install-test-deps: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q "${missing[@]}" >/dev/null
  else
    echo "install-test-deps: please install: ${missing[*]}" >&2
    exit 1
  fi
fi

# A node_modules that is a symbolic link (shared with another checkout) is used as it is: npm ci would empty
# the directory it points to.
for dir in test-clients clients/js; do
  if [ -L "$root/$dir/node_modules" ]; then
    continue
  fi
  if [ ! -d "$root/$dir/node_modules/ws" ] || [ "$root/$dir/package-lock.json" -nt "$root/$dir/node_modules" ]; then
    echo "install-test-deps: npm ci in $dir/"
    (cd "$root/$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$root/$dir/node_modules"
  fi
done
