#!/usr/bin/env bash
# Benchmark: GET /news?category=technology (a top-level category with three subcategories) on news-service with
# 100 000 news items stored, beside GET /entries on diary-service (10 000 entries, seeded as bench/diary-list.sh
# does), in the same run: directly to each service and through the gateway.
#
#   bench/news-list.sh            (BENCH_DURATION=15 BENCH_CONNECTIONS=50 BENCH_NEWS=100000 by default)
#
# Starts an embedded PostgreSQL (or uses DB_URL), the packaged diary-service, news-service (scheduler off: nothing
# but the list runs) and gateway (rate limits raised for the run: the bucket check still runs on every request).
# Seeds news with SQL: 24 feeds, one per category, 100 000 items over the last 60 days with Russian, Ukrainian and
# English titles and summaries of a feed's usual length (the search vector is computed by PostgreSQL as on every
# insert, which is most of the seeding time). Then wrk, after a warm-up of each URL: news direct, entries direct,
# news through the gateway, entries through the gateway. Prints requests/s, p50, p99 and errors of each, and the
# news query's plan.
# Needs: wrk, psql, curl (Debian: apt install wrk postgresql-client curl), a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

DURATION="${BENCH_DURATION:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
NEWS="${BENCH_NEWS:-100000}"
ENTRIES=10000
CATEGORY="${BENCH_CATEGORY:-technology}"
GATEWAY_PORT=18080
DIARY_PORT=18082
NEWS_PORT=18083

bench_begin news-list wrk psql curl
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"
platform_start_postgres "${BENCH_PG_PORT:-15494}" dnevnik_bench_news,dnevnik_bench_diary,dnevnik_bench_gateway
bench_psql_env
PG_VERSION="$(psql -d postgres -Atc 'show server_version')"

bench_service diary-service "$DIARY_PORT" dnevnik_bench_diary
bench_service news-service "$NEWS_PORT" dnevnik_bench_news FEEDS_SCHEDULE_EVERY=off
bench_service gateway "$GATEWAY_PORT" dnevnik_bench_gateway JWT_PRIVATE_KEY_LOCATION="$PLATFORM_KEYS/dev-private.pem" \
  DIARY_SERVICE_URL="http://localhost:$DIARY_PORT" NEWS_SERVICE_URL="http://localhost:$NEWS_PORT" \
  RATE_LIMIT_DEFAULT=1000000000

# ---- data: diary entries as bench/diary-list.sh seeds them; news items in two sessions at once (two cores)
USER_ID="$(cat /proc/sys/kernel/random/uuid)"
seed_entries dnevnik_bench_diary "$USER_ID" "$ENTRIES"
SEED_START=$SECONDS
psql -d dnevnik_bench_news -q -v ON_ERROR_STOP=1 -c "
  INSERT INTO feeds (id, url, title, category, language, last_success_at, next_check_at)
  SELECT md5('bench-feed-' || slug)::uuid, 'https://news.example/' || slug || '/rss', 'Лента: ' || name_ru, slug,
         (ARRAY['ru','uk','en'])[1 + position % 3], now(), now() + interval '1 day'
    FROM categories;"
seed_news() { # <first> <last>
  psql -d dnevnik_bench_news -q -v ON_ERROR_STOP=1 -c "
    INSERT INTO news_items (id, feed_id, item_key, category, language, title, summary, link, published_at, first_seen_at)
    SELECT gen_random_uuid(), f.id, md5('item-' || i), f.category, f.language,
           (ARRAY['Городской совет утвердил бюджет на ремонт дорог и транспорт',
                  'Депутати погодили програму модернізації вуличного освітлення',
                  'Regional exports recover as analysts raise growth forecasts',
                  'Новый спутник связи выведен на орбиту с космодрома',
                  'Команда оголосила склад на фінальну серію плей-оф'])[1 + i % 5] || ' (' || i || ')',
           (ARRAY['Городской совет обсудил новый бюджет на развитие транспорта и ремонт дорог в центральных районах. Решение вступит в силу с начала следующего месяца, сообщили в пресс-службе.',
                  'Депутати погодили програму модернізації освітлення вулиць до кінця року. Роботи почнуться з центральних районів міста, повідомили у пресслужбі ради.',
                  'Analysts expect the regional economy to grow faster than last year as exports recover. Manufacturing orders rose for the third month in a row, the statistics office said.'])[1 + i % 3],
           'https://news.example/' || f.category || '/' || i, now() - (i * interval '52 seconds'),
           now() - (i * interval '52 seconds') + interval '3 minutes'
      FROM generate_series($1, $2) AS i
      JOIN (SELECT id, category, language, row_number() OVER (ORDER BY category) - 1 AS n FROM feeds) AS f
        ON f.n = i % (SELECT count(*) FROM feeds);"
}
seed_news 1 $((NEWS / 2)) &
SEED_PID=$!
seed_news $((NEWS / 2 + 1)) "$NEWS"
wait "$SEED_PID"
psql -d dnevnik_bench_news -q -c 'VACUUM ANALYZE' # no autovacuum of the fresh rows during the runs
SEED_SECONDS=$((SECONDS - SEED_START))
IN_CATEGORY="$(psql -d dnevnik_bench_news -Atc "SELECT count(*) FROM news_items WHERE category IN (SELECT category_and_descendants('$CATEGORY'))")"
# the service resolves the subtree from its cached taxonomy and sends it as an array, as here
PLAN="$(psql -d dnevnik_bench_news -Atc "EXPLAIN (ANALYZE, COSTS OFF, TIMING ON)
  SELECT id, feed_id, category, language, title, summary, link, published_at, first_seen_at FROM news_items
   WHERE true AND category = ANY(ARRAY(SELECT category_and_descendants('$CATEGORY')))
   ORDER BY published_at DESC, id DESC LIMIT 21")"

TOKEN="$(platform_token "$USER_ID")"
NEWS_DIRECT="http://localhost:$NEWS_PORT/news?category=$CATEGORY&limit=20"
ENTRIES_DIRECT="http://localhost:$DIARY_PORT/entries?limit=20"
NEWS_VIA="http://localhost:$GATEWAY_PORT/api/news?category=$CATEGORY&limit=20"
ENTRIES_VIA="http://localhost:$GATEWAY_PORT/api/entries?limit=20"
for url in "$NEWS_DIRECT" "$ENTRIES_DIRECT" "$NEWS_VIA" "$ENTRIES_VIA"; do
  items="$(curl -s -H "Authorization: Bearer $TOKEN" "$url" | grep -o '"id"' | wc -l)"
  [[ "$items" == "20" ]] || platform_die "sanity check failed: expected 20 items from $url, got $items"
done
PAGE_KB="$(curl -s -H "Authorization: Bearer $TOKEN" "$NEWS_DIRECT" | wc -c | awk '{printf "%.1f", $1 / 1024}')"
ENTRY_PAGE_KB="$(curl -s -H "Authorization: Bearer $TOKEN" "$ENTRIES_DIRECT" | wc -c | awk '{printf "%.1f", $1 / 1024}')"

# ---- load: each URL warmed, then measured; news and entries alternate
run_wrk() { wrk -t2 -c"$CONNECTIONS" -d"$2" --latency -H "Authorization: Bearer $TOKEN" "$1"; }
for url in "$NEWS_DIRECT" "$ENTRIES_DIRECT" "$NEWS_VIA" "$ENTRIES_VIA"; do run_wrk "$url" 10s > /dev/null; done
NEWS_PID="$(platform_pid news-service)"
news_before=$(cpu_ticks "$NEWS_PID")
run_wrk "$NEWS_DIRECT" "${DURATION}s" > "$LOGS/wrk-news-direct.txt"
NEWS_CORES="$(awk -v t=$(( $(cpu_ticks "$NEWS_PID") - news_before )) -v hz="$(getconf CLK_TCK)" -v d="$DURATION" 'BEGIN {printf "%.2f", t / hz / d}')"
run_wrk "$ENTRIES_DIRECT" "${DURATION}s" > "$LOGS/wrk-entries-direct.txt"
run_wrk "$NEWS_VIA" "${DURATION}s" > "$LOGS/wrk-news-gateway.txt"
run_wrk "$ENTRIES_VIA" "${DURATION}s" > "$LOGS/wrk-entries-gateway.txt"

rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
errors() {
  local non2xx socket
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$1")"
  socket="$(grep -o 'Socket errors:.*' "$1" | sed 's/Socket errors: //' || true)"
  printf '%s%s' "${non2xx:-0}" "${socket:+ (socket: $socket)}"
}
row() { printf '| %-52s | %8s | %9s | %9s | %8s |\n' "$1" "$(rps "$2")" "$(pct "$2" 50%)" "$(pct "$2" 99%)" "$(errors "$2")"; }

LINE='+------------------------------------------------------+----------+-----------+-----------+----------+'
printf '\n'
printf 'news list benchmark  (%s news items, %s in %s and its subcategories; %s diary entries; %s connections, %ss each,\n' \
  "$NEWS" "$IN_CATEGORY" "$CATEGORY" "$ENTRIES" "$CONNECTIONS" "$DURATION"
printf '                      PostgreSQL %s, %s cores; pages of 20: news %s KB, entries %s KB of JSON)\n' \
  "$PG_VERSION" "$(nproc)" "$PAGE_KB" "$ENTRY_PAGE_KB"
printf '%s\n' "$LINE"
printf '| %-52s | %8s | %9s | %9s | %8s |\n' "request (wrk)" "req/s" "p50" "p99" "non-2xx"
printf '%s\n' "$LINE"
row "GET /news?category=$CATEGORY&limit=20, direct" "$LOGS/wrk-news-direct.txt"
row "GET /entries?limit=20, direct" "$LOGS/wrk-entries-direct.txt"
row "GET /api/news?category=$CATEGORY&limit=20, gateway" "$LOGS/wrk-news-gateway.txt"
row "GET /api/entries?limit=20, gateway" "$LOGS/wrk-entries-gateway.txt"
printf '%s\n' "$LINE"
printf 'news-service cores used during its direct run: %s; news seeded in %s s\n' "$NEWS_CORES" "$SEED_SECONDS"
printf 'the news page query (PostgreSQL alone, one run):\n%s\n' "$(sed 's/^/  /' <<< "$PLAN")"
printf 'all processes (wrk, gateway, services, PostgreSQL) share the same %s cores\n' "$(nproc)"
