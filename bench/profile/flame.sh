#!/usr/bin/env bash
# A flame graph (SVG) of a JFR recording's Java execution samples (issue #15's profiles):
#   bench/profile/flame.sh RECORDING.jfr OUT.svg [HH:MM:SS-HH:MM:SS] [thread-name-part]
# Record with SERVER_JAVA_OPTS="@jvm.options -Xmx1g -XX:StartFlightRecording=filename=x.jfr,settings=profile"
# (bench/run.sh). The window keeps the measured phase only; frames are Java frames (JFR does not sample
# native code here: time in write(2) or fsync shows in jdk.NativeMethodSample, not in the graph).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -d "$here/node_modules/flamegraph" ] || (cd "$here" && npm ci --no-audit --no-fund >&2)
python3 "$here/jfr2perf.py" "$1" "${3:-}" "${4:-}" |
  "$here/node_modules/.bin/flamegraph" -t perf --minwidth 3 |
  sed 's/ && / \&amp;\&amp; /g' > "$2" # the tool leaves its script's && unescaped: invalid XML for an <img>
echo "$2: $(grep -c '<g ' "$2") frames"
