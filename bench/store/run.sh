#!/usr/bin/env bash
# Embedded store throughput (group commit): bench/store/run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -DskipTests install >/dev/null
cp="$(cd herald-store-sqlite && mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout):herald-store-sqlite/target/classes:herald-core/target/classes"
out="$(mktemp -d)"
javac -cp "$cp" -d "$out" bench/store/GroupCommit.java
java -cp "$cp:$out" GroupCommit 2>&1 | grep -v SLF4J
