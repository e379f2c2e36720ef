#!/usr/bin/env bash
# Benchmark: news-service refreshing 200 feeds of 50 items each, every response served after 200 ms, with the
# feed-refresh jobs' concurrency (FEED_REFRESH_CONCURRENCY) at 32.
#
#   bench/feeds-refresh.sh      (BENCH_FEEDS=200 BENCH_ITEMS=50 BENCH_LATENCY_MS=200 BENCH_CONCURRENCY=32
#                                BENCH_ROUNDS=3 BENCH_WARMUP_ROUNDS=3 by default)
#
# Starts an embedded PostgreSQL (or uses DB_URL), a local feed server (bench/feed-server.py: RSS 2.0, distinct guids
# per feed, a new document with new items every round, no validators, so that every refresh parses and stores 50 new
# items) and the packaged news-service with the SSRF allow-list opened to 127.0.0.0/8 and its scheduler off. Creates
# the feeds as an operator through POST /feeds (which refreshes each at once: the first warm-up), then per round
# sends POST /feeds/{id}/refresh for every feed (32 requests in flight) and waits until every feed has a
# lastSuccessAt after the round's start and the round's items are stored (polling the database).
#   wall        round start (before the first POST) to the latest lastSuccessAt; median of the rounds
#   parse/store the same round with the server answering at once (0 ms): what the refreshes cost besides waiting
#               (enqueueing over HTTP, claims, fetch, parse, insert) on this machine; median of the rounds
#   ideal       ceil(feeds / concurrency) x latency + parse/store;  goal: wall / ideal <= 1.3
# The rounds alternate 0 ms and 200 ms after BENCH_WARMUP_ROUNDS warm-up rounds at 0 ms (JIT).
# Needs: psql, curl, python3 (Debian: apt install postgresql-client curl python3), a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

FEEDS="${BENCH_FEEDS:-200}"
ITEMS="${BENCH_ITEMS:-50}"
LATENCY_MS="${BENCH_LATENCY_MS:-200}"
CONCURRENCY="${BENCH_CONCURRENCY:-32}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP_ROUNDS:-3}"
SERVICE_PORT=18083
FEED_PORT=18093
GOAL=1.3

bench_begin feeds psql curl python3
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"
platform_start_postgres "${BENCH_PG_PORT:-15495}" dnevnik_bench_news
bench_psql_env
PG_VERSION="$(psql -d postgres -Atc 'show server_version')"

# the feed server: a process of this state directory, stopped with the rest when the script exits
platform_launch feed-server python3 "$ROOT/bench/feed-server.py" "$FEED_PORT" "$FEEDS" "$ITEMS"
for _ in $(seq 1 50); do platform_port_busy "$FEED_PORT" && break; sleep 0.1; done
platform_port_busy "$FEED_PORT" || platform_die "the feed server did not start; its log: $LOGS/feed-server.log"
control() { curl -sf -X POST "http://127.0.0.1:$FEED_PORT/control?$1" > /dev/null; }

bench_service news-service "$SERVICE_PORT" dnevnik_bench_news FEEDS_ALLOWED_PRIVATE_NETWORKS=127.0.0.0/8 \
  FEEDS_SCHEDULE_EVERY=off FEED_REFRESH_CONCURRENCY="$CONCURRENCY"
TOKEN="$(platform_token "$(cat /proc/sys/kernel/random/uuid)" --admin)"
API="http://localhost:$SERVICE_PORT"
SQL() { psql -d dnevnik_bench_news -Atq -v ON_ERROR_STOP=1 -c "$1"; }

# until every feed succeeded after START and the round's items are stored; fails on a feed that failed
wait_round() {
  local start="$1" deadline=$((SECONDS + 180)) state
  while true; do
    state="$(SQL "SELECT (SELECT count(*) FROM feeds WHERE last_success_at >= to_timestamp($start)) || ' ' ||
                         (SELECT count(*) FROM news_items WHERE first_seen_at >= to_timestamp($start)) || ' ' ||
                         (SELECT count(*) FROM feeds WHERE last_fetched_at >= to_timestamp($start) AND error_count > 0)")"
    read -r ok items failed <<< "$state"
    (( failed == 0 )) || platform_die "$failed feeds failed: $(SQL "SELECT last_error FROM feeds WHERE error_count > 0 LIMIT 1")"
    (( ok == FEEDS && items == FEEDS * ITEMS )) && return 0
    (( SECONDS < deadline )) || platform_die "round did not finish in 180 s: $ok feeds refreshed, $items items"
    sleep 0.2
  done
}

# ---- the feeds, created as an operator: each is refreshed at once (generation 0, no latency: the first warm-up)
control "latency_ms=0&generation=0"
CATEGORIES=(technology ai world economy sports culture science local)
for ((i = 0; i < FEEDS; i++)); do
  printf '{"url":"http://127.0.0.1:%s/feeds/%s.xml","category":"%s","language":"ru"}\n' \
    "$FEED_PORT" "$i" "${CATEGORIES[i % ${#CATEGORIES[@]}]}"
done > "$WORK/feeds.jsonl"
CREATE_START="$(date +%s.%N)"
while IFS= read -r feed; do
  status="$(curl -s -o "$WORK/created.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$feed" "$API/feeds")"
  [[ "$status" == "201" ]] || platform_die "POST /feeds answered $status: $(cat "$WORK/created.json")"
done < "$WORK/feeds.jsonl"
wait_round "$CREATE_START"
SQL "SELECT id FROM feeds ORDER BY url" > "$WORK/feed-ids.txt"
while IFS= read -r id; do
  printf 'url = "%s/feeds/%s/refresh"\noutput = "/dev/null"\n' "$API" "$id"
done < "$WORK/feed-ids.txt" > "$WORK/refresh.curl"

# one round: a new generation at the given latency, every feed's refresh requested, then waited for
# out: a line "wall_seconds post_seconds job_p50_ms job_p99_ms"
GENERATION=0
round() {
  local latency_ms="$1" start posted codes
  GENERATION=$((GENERATION + 1))
  control "latency_ms=$latency_ms&generation=$GENERATION"
  start="$(date +%s.%N)"
  codes="$(curl -s --no-progress-meter --parallel --parallel-max 32 -X POST -H "Authorization: Bearer $TOKEN" \
    -w '%{http_code}\n' --config "$WORK/refresh.curl" 2>> "$LOGS/curl.log" | sort | uniq -c | tr -s ' ' | paste -sd, -)"
  posted="$(date +%s.%N)"
  [[ "$codes" == " $FEEDS 202" ]] || platform_die "POST /feeds/{id}/refresh answered: $codes"
  wait_round "$start"
  SQL "SELECT round(extract(epoch FROM max(last_success_at) - to_timestamp($start))::numeric, 3) FROM feeds" | tr -d '\n'
  awk -v a="$start" -v b="$posted" 'BEGIN {printf " %.3f", b - a}'
  SQL "SELECT ' ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric) || ' ' ||
              round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric)
         FROM (SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms FROM jobs
                WHERE kind = 'feed-refresh' AND created_at >= to_timestamp($start)) AS runs"
}

for ((r = 0; r < WARMUP; r++)); do round 0 > /dev/null; done
: > "$WORK/fast.txt"; : > "$WORK/slow.txt"
for ((r = 0; r < ROUNDS; r++)); do
  round 0 >> "$WORK/fast.txt"
  round "$LATENCY_MS" >> "$WORK/slow.txt"
done
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{v[NR] = $k} END {print v[int((NR + 1) / 2)]}'; }
all() { awk -v k="$2" '{printf "%s%s", (NR > 1 ? " / " : ""), $k}' "$1"; }
FAST="$(median "$WORK/fast.txt" 1)"
SLOW="$(median "$WORK/slow.txt" 1)"
WAVES=$(( (FEEDS + CONCURRENCY - 1) / CONCURRENCY ))
IDEAL="$(awk -v w="$WAVES" -v l="$LATENCY_MS" -v f="$FAST" 'BEGIN {printf "%.3f", w * l / 1000 + f}')"
RATIO="$(awk -v s="$SLOW" -v i="$IDEAL" 'BEGIN {printf "%.2f", s / i}')"
VERDICT="$(awk -v r="$RATIO" -v g="$GOAL" 'BEGIN {print (r <= g ? "met" : "NOT met")}')"
STORED="$(SQL "SELECT count(*) FROM news_items")"
PID="$(platform_pid news-service)"
RSS_MB="$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status")"

printf '\n'
printf 'feed refresh benchmark  (%s feeds x %s items, RSS 2.0 ~%s KB each, PostgreSQL %s, %s cores)\n' "$FEEDS" "$ITEMS" \
  "$(( $(curl -s "http://127.0.0.1:$FEED_PORT/feeds/0.xml" | wc -c) / 1024 ))" "$PG_VERSION" "$(nproc)"
printf '+---------------------------------------------------+--------------------------+\n'
printf '| %-49s | %24s |\n' "measure" "value"
printf '+---------------------------------------------------+--------------------------+\n'
printf '| %-49s | %24s |\n' "feeds / items per round" "$FEEDS / $((FEEDS * ITEMS))"
printf '| %-49s | %24s |\n' "refresh concurrency (FEED_REFRESH_CONCURRENCY)" "$CONCURRENCY"
printf '| %-49s | %21s ms |\n' "feed server latency per response" "$LATENCY_MS"
printf '| %-49s | %22s s |\n' "wall at $LATENCY_MS ms, median of $ROUNDS" "$SLOW"
printf '| %-49s | %24s |\n' "  each round (s)" "$(all "$WORK/slow.txt" 1)"
printf '| %-49s | %24s |\n' "  job claim->end p50 / p99 (ms), median round" "$(median "$WORK/slow.txt" 3) / $(median "$WORK/slow.txt" 4)"
printf '| %-49s | %22s s |\n' "parse/store: wall at 0 ms, median of $ROUNDS" "$FAST"
printf '| %-49s | %24s |\n' "  each round (s)" "$(all "$WORK/fast.txt" 1)"
printf '| %-49s | %24s |\n' "  job claim->end p50 / p99 (ms), median round" "$(median "$WORK/fast.txt" 3) / $(median "$WORK/fast.txt" 4)"
printf '| %-49s | %22s s |\n' "  of which sending the $FEEDS POSTs (median)" "$(median "$WORK/fast.txt" 2)"
printf '| %-49s | %22s s |\n' "ideal = ceil($FEEDS/$CONCURRENCY) x $LATENCY_MS ms + parse/store" "$IDEAL"
printf '| %-49s | %24s |\n' "wall / ideal (goal <= $GOAL)" "$RATIO"
printf '| %-49s | %24s |\n' "goal" "$VERDICT"
printf '| %-49s | %24s |\n' "news items stored at the end" "$STORED"
printf '| %-49s | %21s MB |\n' "news-service RSS after the run" "$RSS_MB"
printf '+---------------------------------------------------+--------------------------+\n'
printf 'the ideal adds parse/store to the waiting as if they ran one after the other; they overlap (32 jobs wait while\n'
printf 'others parse and insert), so when parse/store is near or above the waits the ratio says little: compare the two walls\n'
printf 'wall: from before the first POST /feeds/{id}/refresh to the latest lastSuccessAt (the database clock = this one)\n'
printf 'all processes (curl, news-service, PostgreSQL, the feed server) share the same %s cores\n' "$(nproc)"
