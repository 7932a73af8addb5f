#!/usr/bin/env bash
# PostgreSQL vs SQLite store throughput: bench/store/pg.sh (needs PostgreSQL's binaries, see herald-testkit)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -o -pl herald-core,herald-store-sqlite,herald-testkit,herald-store-postgres -am -DskipTests install >/dev/null
cp_of() { (cd "$1" && mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout); }
cp="$(cp_of herald-store-postgres):$(cp_of herald-store-sqlite):herald-store-postgres/target/classes"
cp="$cp:herald-store-sqlite/target/classes:herald-testkit/target/classes:herald-core/target/classes"
out="$(mktemp -d)"
javac -cp "$cp" -d "$out" bench/store/PgVsSqlite.java
java -cp "$cp:$out" PgVsSqlite 2>&1 | grep -E "events/s"
