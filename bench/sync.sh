#!/usr/bin/env bash
# Benchmark: sync-service mirroring a Yelp-partner-shaped catalogue served locally, every page answered after 50 ms.
#
#   bench/sync.sh      (BENCH_LATENCY_MS=50 BENCH_CONCURRENCY=32 by default)
#
# The old backend fetched 1 913 programs in 2.34 s (817 items/s) by firing all 96 pages at once. Three shapes:
#   (a) the seed's: 1 913 items, pages of 20      (b) 10 000 items, pages of 40      (c) 100 000 items, pages of 40
# all with the source's cap at BENCH_CONCURRENCY pages in flight. Each shape runs twice on fresh sources (every item
# added): once with the stand-in answering at once (0 ms: what fetching, staging and applying cost on this machine),
# once at the latency. Printed per shape:
#   wall        the run's own duration (first request to the applied result, from its stats)
#   ideal       first page + ceil((pages - 1) / cap) waves x latency + the 0 ms run's wall; goal: wall / ideal <= 1.3
#   peak        pages in flight at the stand-in (never above the cap), and the service's RSS after the run (goal: flat
#               from (b) to (c): staging goes to the database page by page, memory does not grow with the catalogue)
# Needs: psql, curl, python3 (Debian: apt install postgresql-client curl python3), a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

LATENCY_MS="${BENCH_LATENCY_MS:-50}"
CAP="${BENCH_CONCURRENCY:-32}"
SERVICE_PORT=18084
STAND_IN_PORT=18094
GOAL=1.3

bench_begin sync psql curl python3
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"
platform_start_postgres "${BENCH_PG_PORT:-15496}" dnevnik_bench_sync
bench_psql_env
PG_VERSION="$(psql -d postgres -Atc 'show server_version')"

platform_launch programs-server python3 "$ROOT/bench/programs-server.py" "$STAND_IN_PORT"
for _ in $(seq 1 50); do platform_port_busy "$STAND_IN_PORT" && break; sleep 0.1; done
platform_port_busy "$STAND_IN_PORT" || platform_die "the stand-in did not start; its log: $LOGS/programs-server.log"
control() { curl -sf -X POST "http://127.0.0.1:$STAND_IN_PORT/control?$1" > /dev/null; }
peak() { curl -sf -X POST "http://127.0.0.1:$STAND_IN_PORT/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["peak"])'; }

# the source's secrets are environment-variable names; their values are the stand-in's Basic credentials
JAVA_OPTS="${BENCH_JAVA_OPTS:-}" bench_service sync-service "$SERVICE_PORT" dnevnik_bench_sync BENCH_PARTNER_USER=bench BENCH_PARTNER_PASSWORD=secret
TOKEN="$(platform_token "$(cat /proc/sys/kernel/random/uuid)" --admin)"
API="http://localhost:$SERVICE_PORT"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# a fresh source for the stand-in: pages of $1
new_source() {
  local body status
  body="$(printf '{"name":"bench %s","baseUrl":"http://127.0.0.1:%s","path":"/programs/v1","query":{"program_status":"ALL"},
    "auth":{"type":"basic","usernameEnv":"BENCH_PARTNER_USER","passwordEnv":"BENCH_PARTNER_PASSWORD"},
    "pagination":{"style":"offset-limit","pageSize":%s},"itemsPointer":"/payment_programs","totalPointer":"/total",
    "idPointer":"/program_id","concurrency":%s}' "$(cat /proc/sys/kernel/random/uuid)" "$STAND_IN_PORT" "$1" "$CAP")"
  status="$(curl -s -o "$WORK/source.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$body" "$API/sync/sources")"
  [[ "$status" == "201" ]] || platform_die "POST /sync/sources answered $status: $(cat "$WORK/source.json")"
  json 'd["id"]' < "$WORK/source.json"
}

# runs a source to its end; out: "duration_ms items_per_second pages items added"
run() {
  local source="$1" status location deadline=$((SECONDS + 600)) state
  status="$(curl -s -o "$WORK/run.json" -D "$WORK/run.headers" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $TOKEN" "$API/sync/sources/$source/runs")"
  [[ "$status" == "202" ]] || platform_die "POST /sync/sources/$source/runs answered $status: $(cat "$WORK/run.json")"
  location="$(grep -i '^location:' "$WORK/run.headers" | tr -d '\r' | awk '{print $2}')"
  while true; do
    curl -sf -H "Authorization: Bearer $TOKEN" "$location" > "$WORK/run.json"
    state="$(json 'd["status"]' < "$WORK/run.json")"
    [[ "$state" == "succeeded" ]] && break
    [[ "$state" == "failed" || "$state" == "cancelled" ]] && platform_die "the run $state: $(cat "$WORK/run.json")"
    (( SECONDS < deadline )) || platform_die "the run did not finish in 600 s"
    sleep 0.1
  done
  json '"%d %.0f %d %d %d" % (d["stats"]["durationMs"], d["stats"]["itemsPerSecond"], d["stats"]["pages"], d["stats"]["items"], d["stats"]["added"])' \
    < "$WORK/run.json"
}

# warm-up: the JIT and the connection pools, on a catalogue of the seed's size
control "total=1913&latency_ms=0"
for _ in 1 2 3; do run "$(new_source 20)" > /dev/null; done

PID="$(platform_pid sync-service)"
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status"; }
# the heap still in use after a full GC: what the run keeps, whatever the JVM has reserved meanwhile
JCMD="$(dirname "$(readlink -f "$(command -v "${JAVA:-java}")")")/jcmd"
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jcmd" ]] && JCMD="$JAVA_HOME/bin/jcmd"
live_mb() {
  "$JCMD" "$PID" GC.run > /dev/null 2>&1 || { echo "?"; return; }
  "$JCMD" "$PID" GC.heap_info 2>/dev/null | awk '/used/ && !done {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1);
    sub(/K,?/, "", v); printf "%.0f", v / 1024; done = 1}}'
}
: > "$WORK/rows.txt"
for shape in "a 1913 20" "b 10000 40" "c 100000 40"; do
  read -r name total page <<< "$shape"
  control "total=$total&latency_ms=0"
  read -r fast_ms _ _ _ _ <<< "$(run "$(new_source "$page")")"
  control "total=$total&latency_ms=$LATENCY_MS"
  read -r slow_ms rate pages items added <<< "$(run "$(new_source "$page")")"
  (( items == total && added == total )) || platform_die "shape $name: $items items fetched, $added added, of $total"
  in_flight="$(peak)"
  waves=$(( 1 + (pages - 1 + CAP - 1) / CAP ))
  ideal_ms=$(( waves * LATENCY_MS + fast_ms ))
  echo "$name $total $page $pages $slow_ms $ideal_ms $fast_ms $rate $in_flight $(rss_mb) $(live_mb)" >> "$WORK/rows.txt"
done

printf '\n'
printf 'sync benchmark  (a Yelp-partner-shaped stand-in answering each page after %s ms, cap %s pages in flight,\n' "$LATENCY_MS" "$CAP"
printf '                 PostgreSQL %s, %s cores; every item added; the old backend: 1 913 items in 2.34 s, 817 items/s)\n' "$PG_VERSION" "$(nproc)"
LINE='+-------+---------+------+-------+---------+----------+------------+--------+---------+-------------+----------+----------------+'
printf '%s\n' "$LINE"
printf '| shape |   items | page | pages |    wall | ideal    | wall/ideal | goal   | items/s | peak flight | RSS (MB) | live heap (MB) |\n'
printf '%s\n' "$LINE"
while read -r name total page pages slow ideal fast rate in_flight rss live; do
  ratio="$(awk -v s="$slow" -v i="$ideal" 'BEGIN {printf "%.2f", s / i}')"
  verdict="$(awk -v r="$ratio" -v g="$GOAL" 'BEGIN {print (r <= g ? "met" : "NOT met")}')"
  printf '| %-5s | %7s | %4s | %5s | %5.2f s | %6.2f s | %10s | %-6s | %7s | %11s | %8s | %14s |\n' "($name)" "$total" \
    "$page" "$pages" "$(awk -v v="$slow" 'BEGIN {print v / 1000}')" "$(awk -v v="$ideal" 'BEGIN {print v / 1000}')" \
    "$ratio" "$verdict" "$rate" "$in_flight" "$rss" "$live"
done < "$WORK/rows.txt"
printf '%s\n' "$LINE"
printf 'RSS: what the JVM holds after the run (a heap grows to its allocation rate and is not returned at once);\n'
printf 'live heap: what is still in use after a full GC (the goal "flat from (b) to (c)" is read on it)\n'
printf 'ideal: first page + ceil((pages - 1) / cap) waves x latency + the same shape run at 0 ms (fetch, stage, apply)\n'
printf '0 ms walls: %s\n' "$(awk '{printf "%s(%s) %.2f s  ", (NR > 1 ? "" : ""), $1, $7 / 1000}' "$WORK/rows.txt")"
printf 'all processes (curl, sync-service, PostgreSQL, the stand-in) share the same %s cores\n' "$(nproc)"
