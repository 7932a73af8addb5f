#!/usr/bin/env bash
# Issue #10 table from the rows `bench/run.sh cluster` appended to a TSV (several rounds): medians per setup
# ("single": one node, SQLite, memory broker; "cluster": three nodes, PostgreSQL + Redis) and cluster ÷ single.
# Usage: bench/cluster/summarize.sh ROWS.tsv
set -euo pipefail
awk -F'\t' '
  function median(key,   n, i, j, t, a) {
    n = cnt[key]; if (n == 0) return -1
    for (i = 1; i <= n; i++) a[i] = val[key, i]
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function add(key, v) { val[key, ++cnt[key]] = v }
  function list(key,   i, s) { s = ""; for (i = 1; i <= cnt[key]; i++) s = s (i > 1 ? " / " : "") val[key, i]; return s }
  function row(name, key, fmt,   a, b) {
    a = median("single" SUBSEP key); b = median("cluster" SUBSEP key)
    printf "%-46s %14s %14s %9s   %s | %s\n", name, cnt["single" SUBSEP key] ? sprintf(fmt, a) : "-", \
      cnt["cluster" SUBSEP key] ? sprintf(fmt, b) : "-", (a > 0 && cnt["cluster" SUBSEP key]) ? sprintf("%.2f", b / a) : "-", \
      list("single" SUBSEP key), list("cluster" SUBSEP key)
  }
  $2 == "idle" { add($1 SUBSEP "rss", $6); add($1 SUBSEP "heap", $7) }
  $2 == "saturate" { add($1 SUBSEP "sat", $5); add($1 SUBSEP "srv", $11); add($1 SUBSEP "gen", $12)
                     add($1 SUBSEP "eff", $11 > 0 ? int($5 / $11) : 0)
                     infra = NF >= 14 ? $14 : 0; add($1 SUBSEP "infra", infra)
                     add($1 SUBSEP "effall", $11 + infra > 0 ? int($5 / ($11 + infra)) : 0) }
  $2 ~ /^fixed@/ { rate = substr($2, 7); add($1 SUBSEP "fdel", $5); add($1 SUBSEP "p50", $6); add($1 SUBSEP "p99", $7)
                   add($1 SUBSEP "p999", $8); add($1 SUBSEP "done", $13); add($1 SUBSEP "fsrv", $11 + (NF >= 14 ? $14 : 0)) }
  $2 == "publish" { add($1 SUBSEP "pub", $4); add($1 SUBSEP "pubp99", $7); add($1 SUBSEP "pubsrv", $11)
                    add($1 SUBSEP "pubinfra", NF >= 14 ? $14 : 0) }
  $2 ~ /^redis-/ { s = substr($2, 7); sub(/@.*/, "", s); add("cluster" SUBSEP "pubev-" s, $5); add("cluster" SUBSEP "msgev-" s, $6)
                   add("cluster" SUBSEP "outev-" s, $8); if (NF >= 10) { add("cluster" SUBSEP "rcpu-" s, $9); add("cluster" SUBSEP "pcpu-" s, $10) } }
  END {
    printf "\nmedians of %d rounds; ratio = cluster / single; raw values per round after the bar (single | cluster)\n\n", cnt["single" SUBSEP "sat"]
    printf "%-46s %14s %14s %9s\n", "", "single node", "3 nodes", "ratio"
    row("saturated deliveries/s", "sat", "%.0f")
    row("  Herald cores (all nodes)", "srv", "%.2f")
    row("  Redis + PostgreSQL cores", "infra", "%.2f")
    row("  generator cores", "gen", "%.2f")
    row("  deliveries per Herald CPU-second", "eff", "%.0f")
    row("  deliveries per CPU-second incl. Redis + PG", "effall", "%.0f")
    row("fixed " rate " events/s: deliveries/s", "fdel", "%.0f")
    row("  p50 ms publish -> delivery", "p50", "%.2f")
    row("  p99 ms", "p99", "%.2f")
    row("  p99.9 ms", "p999", "%.2f")
    row("  delivered / owed", "done", "%.4f")
    row("  server-side cores (Herald + Redis + PG)", "fsrv", "%.2f")
    row("durable publish events/s, batches of 100", "pub", "%.0f")
    row("  request p99 ms", "pubp99", "%.2f")
    row("  Herald cores", "pubsrv", "%.2f")
    row("  Redis + PostgreSQL cores", "pubinfra", "%.2f")
    row("RSS B/connection (sum over nodes)", "rss", "%.0f")
    row("live heap B/connection (sum over nodes)", "heap", "%.0f")
    row("Redis PUBLISH per event, batches of 5 (sat.)", "pubev-saturate", "%.3f")
    row("Redis messages per event, batches of 5", "msgev-saturate", "%.3f")
    row("Redis messages per event, batches of 1", "msgev-fixed", "%.3f")
    row("Redis messages per event, batches of 100", "msgev-publish", "%.3f")
    row("Redis bytes out per event, batches of 1", "outev-fixed", "%.0f")
    row("Redis bytes out per event, batches of 100", "outev-publish", "%.0f")
    row("Redis CPU us per event, batches of 1", "rcpu-fixed", "%.1f")
    row("Redis CPU us per event, batches of 100", "rcpu-publish", "%.1f")
    row("PostgreSQL CPU us per event, batches of 1", "pcpu-fixed", "%.1f")
    row("PostgreSQL CPU us per event, batches of 5", "pcpu-saturate", "%.1f")
    row("PostgreSQL CPU us per event, batches of 100", "pcpu-publish", "%.1f")
  }' "$1"
