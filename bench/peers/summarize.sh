#!/usr/bin/env bash
# Issue #6 table and plot from the rows `bench/run.sh peers` appended to a TSV (several rounds per server):
# medians per server, Herald's ratio to each peer, and a PNG of p99 latency vs offered load (gnuplot; installed
# from Debian if missing). Usage: bench/peers/summarize.sh ROWS.tsv IDLE_CONNECTIONS OUT.png
# Rows of `bench/run.sh route` (targeted events) give their own table and no plot.
set -euo pipefail
tsv="$1"; idle_n="${2:-10000}"; png="${3:-}"
data="$(mktemp)"; trap 'rm -f "$data"' EXIT

awk -F'\t' -v idle_n="$idle_n" -v data="$data" '
  function median(key,   n, i, j, t, a) {
    n = cnt[key]; if (n == 0) return -1
    for (i = 1; i <= n; i++) a[i] = val[key, i]
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function add(key, v) { val[key, ++cnt[key]] = v }
  function list(key,   i, s) { s = ""; for (i = 1; i <= cnt[key]; i++) s = s (i > 1 ? " / " : "") val[key, i]; return s }
  !($1 in seen) { seen[$1] = 1; order[n++] = $1 }
  $2 == "idle" && $3 >= 0.9 * idle_n { add($1 SUBSEP "rss", $6); if ($7 >= 0) add($1 SUBSEP "heap", $7); if (NF >= 8) add($1 SUBSEP "mrss", $8) }
  $2 == "saturate" { add($1 SUBSEP "sat", $5); add($1 SUBSEP "eff", $11 > 0 ? int($5 / $11) : 0); add($1 SUBSEP "gen", $12) }
  $2 == "route-sat" { add($1 SUBSEP "rsat", $5); add($1 SUBSEP "reff", $11 > 0 ? int($5 / $11) : 0); add($1 SUBSEP "rgen", $12); routed = 1 }
  $2 ~ /^route@/ { rrate = substr($2, 7); add($1 SUBSEP "rp50", $6); add($1 SUBSEP "rp99", $7); add($1 SUBSEP "rdel", $5)
                   add($1 SUBSEP "rcmp", $13) }
  $2 ~ /^fixed@/ { r = substr($2, 7); rates[r] = 1; add($1 SUBSEP "p99@" r, $7); add($1 SUBSEP "p50@" r, $6)
                   add($1 SUBSEP "del@" r, $5); add($1 SUBSEP "cmp@" r, $13); subs[r] = $3 }
  END {
    h = "herald"
    if (routed) {
      printf "\ntargeted events (one subscriber per user, each event to one user): medians of %d rounds; ratio = Herald / peer\n\n", cnt[h SUBSEP "rsat"]
      printf "%-9s %12s %6s %11s %6s %6s | %9s %9s %9s %6s %6s\n", "server", "sat. del/s", "ratio", "del/cpu-s", "ratio", \
        "gen", "p50@" rrate, "p99@" rrate, "del/s", "done", "ratio"
      for (i = 0; i < n; i++) { s = order[i]
        printf "%-9s %12.0f %6.2f %11.0f %6.2f %6.2f | %9.2f %9.2f %9.0f %6.3f %6.2f\n", s, median(s SUBSEP "rsat"), \
          median(h SUBSEP "rsat") / median(s SUBSEP "rsat"), median(s SUBSEP "reff"), median(h SUBSEP "reff") / median(s SUBSEP "reff"), \
          median(s SUBSEP "rgen"), median(s SUBSEP "rp50"), median(s SUBSEP "rp99"), median(s SUBSEP "rdel"), \
          median(s SUBSEP "rcmp"), median(h SUBSEP "rp99") / median(s SUBSEP "rp99")
        printf "%-9s   raw: saturated %s; p99 ms @%s: %s\n", s, list(s SUBSEP "rsat"), rrate, list(s SUBSEP "rp99")
      }
      exit
    }
    printf "\nmedians of %d rounds; ratio = Herald / peer (throughput: higher is better for Herald; p99 and memory: lower is)\n\n", cnt[h SUBSEP "sat"]
    printf "%-9s %11s %6s %11s %6s %6s | %9s %9s %9s %6s %6s | %8s %6s %8s %8s\n", "server", "sat del/s", "ratio", \
      "del/cpu-s", "ratio", "gen", "p50@100k", "p99@100k", "del/s", "done", "ratio", "RSS B/c", "ratio", "marg B/c", "heap B/c"
    for (i = 0; i < n; i++) { s = order[i]
      sat = median(s SUBSEP "sat"); eff = median(s SUBSEP "eff"); p99 = median(s SUBSEP "p99@20"); rss = median(s SUBSEP "rss")
      printf "%-9s %11.0f %6.2f %11.0f %6.2f %6.2f | %9.2f %9.2f %9.0f %6.3f %6.2f | %8d %6.2f %8s %8s\n", s, sat, \
        median(h SUBSEP "sat") / sat, eff, median(h SUBSEP "eff") / eff, median(s SUBSEP "gen"), median(s SUBSEP "p50@20"), \
        p99, median(s SUBSEP "del@20"), median(s SUBSEP "cmp@20"), median(h SUBSEP "p99@20") / p99, rss, \
        median(h SUBSEP "rss") / rss, cnt[s SUBSEP "mrss"] ? median(s SUBSEP "mrss") : "n/a", \
        cnt[s SUBSEP "heap"] ? median(s SUBSEP "heap") : "n/a"
    }
    printf "\nraw values per round\n"
    for (i = 0; i < n; i++) { s = order[i]
      printf "%-9s saturated deliveries/s: %s; del per server cpu-s: %s; RSS B/conn @%d: %s (marginal, second half: %s); heap B/conn: %s\n", s, \
        list(s SUBSEP "sat"), list(s SUBSEP "eff"), idle_n, list(s SUBSEP "rss"), list(s SUBSEP "mrss"), list(s SUBSEP "heap")
      for (r in rates) printf "%-9s   fixed %s events/s: p99 ms %s; p50 ms %s; deliveries/s %s; delivered/owed %s\n", s, r, \
        list(s SUBSEP "p99@" r), list(s SUBSEP "p50@" r), list(s SUBSEP "del@" r), list(s SUBSEP "cmp@" r)
    }
    # plot data: one block per server, offered deliveries/s vs median p99 (ms)
    for (i = 0; i < n; i++) { s = order[i]
      printf "\"%s\"\n", s > data
      for (r = 1; r <= 1000; r++) if ((r "") in rates) printf "%d %s\n", r * subs[r], median(s SUBSEP "p99@" r) > data
      printf "\n\n" > data
    }
  }' "$tsv"

[ -n "$png" ] || exit 0
grep -q $'\troute-sat\t' "$tsv" && exit 0
# Nothing to plot without fixed-rate rows (e.g. `peers --rate 0`): gnuplot would leave an empty PNG in the docs.
grep -q $'\tfixed@' "$tsv" || { echo "no fixed-rate rows: plot left as it was"; exit 0; }
if ! command -v gnuplot >/dev/null; then
  { apt-get update -qq && apt-get install -y -qq gnuplot-nox; } >/dev/null 2>&1 || { echo "no gnuplot: plot skipped"; exit 0; }
fi
gnuplot <<GP
set terminal pngcairo size 900,560 font "sans,11"
set output "$png"
set title "p99 publish-to-delivery latency vs offered load, 5,000 subscribers (median of rounds)"
set xlabel "offered deliveries/s (events/s x 5,000 subscribers)"
set ylabel "p99 latency (ms, log scale)"
set logscale y
set grid
set key top left
set format x "%.0sk" ; set xtics ("25k" 25000, "50k" 50000, "100k" 100000, "200k" 200000)
plot for [i=0:*] "$data" index i using 1:2 with linespoints lw 2 pt 7 title columnheader(1)
GP
echo "plot: $png"
