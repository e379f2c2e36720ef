#!/usr/bin/env bash
# Benchmark: GET /entries?limit=20 on diary-service vs pgbench -S on the same PostgreSQL, in one run.
#
#   bench/diary-list.sh            (BENCH_DURATION=30 BENCH_CONNECTIONS=50 by default)
#
# Starts an embedded PostgreSQL (or uses DB_URL), seeds 10 000 entries for one user, starts the packaged
# diary-service, then measures with wrk and pgbench at the same concurrency and prints one table: both throughputs,
# their ratio (goal: service >= 50 % of pgbench), latency percentiles, service start time and RSS.
# For context it also runs the service's own page query through pgbench (the database's share of the same work)
# and shows how the machine's cores were split between service, PostgreSQL and the load generator.
# Needs: wrk, pgbench and psql (Debian: apt install wrk postgresql-client), a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

DURATION="${BENCH_DURATION:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
ENTRIES="${BENCH_ENTRIES:-10000}"
SERVICE_PORT="${BENCH_SERVICE_PORT:-18082}"

bench_begin diary wrk pgbench psql curl
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"

# ---- PostgreSQL: the same server for the service and for pgbench (embedded, or the one at DB_URL)
platform_start_postgres "${BENCH_PG_PORT:-15499}" dnevnik_bench_diary,dnevnik_bench_pgbench
bench_psql_env
PG_VERSION="$(psql -d postgres -Atc 'show server_version')"

# ---- diary-service: time from launch to ready
START_NS=$(date +%s%N)
bench_service diary-service "$SERVICE_PORT" dnevnik_bench_diary
READY_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
QUARKUS_START="$(grep -o 'started in [0-9.]*s' "$LOGS/diary-service.log" | head -n 1 | awk '{print $3}')"

# ---- data: 10 000 entries of one user over ~3 years, pgbench's standard tables (scale 10)
USER_ID="$(cat /proc/sys/kernel/random/uuid)"
seed_entries dnevnik_bench_diary "$USER_ID" "$ENTRIES"
pgbench -i -s 10 -q dnevnik_bench_pgbench > "$LOGS/pgbench-init.log" 2>&1

TOKEN="$(platform_token "$USER_ID")"
URL="http://localhost:$SERVICE_PORT/entries?limit=20"
ITEMS="$(curl -s -H "Authorization: Bearer $TOKEN" "$URL" | grep -o '"id"' | wc -l)"
[[ "$ITEMS" == "20" ]] || platform_die "sanity check failed: expected 20 entries per page, got $ITEMS"

postgres_pids() {
  local postmaster
  postmaster="$(head -n 1 "$WORK/pgdata/postmaster.pid" 2>/dev/null)" || return 0
  ps -eo pid=,ppid= | awk -v root="$postmaster" '$1 == root || $2 == root {print $1}'
}

# ---- load: warm up the JIT, then measure both at the same concurrency
THREADS=2
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $TOKEN" "$URL" > /dev/null
SERVICE_PID="$(platform_pid diary-service)"
mapfile -t PG_PIDS < <(postgres_pids)
BEFORE_SVC=$(cpu_ticks "$SERVICE_PID"); BEFORE_PG=$(cpu_ticks "${PG_PIDS[@]}")
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$URL" > "$LOGS/wrk.txt"
mapfile -t PG_PIDS_AFTER < <(postgres_pids)
CORES_SVC="$(awk -v t=$(( $(cpu_ticks "$SERVICE_PID") - BEFORE_SVC )) -v hz="$(getconf CLK_TCK)" -v d="$DURATION" 'BEGIN {printf "%.2f", t / hz / d}')"
# backends that ended during the run are not counted: the pool keeps its connections, so they all stay
CORES_PG="$(awk -v t=$(( $(cpu_ticks "${PG_PIDS_AFTER[@]}") - BEFORE_PG )) -v hz="$(getconf CLK_TCK)" -v d="$DURATION" 'BEGIN {printf "%.2f", t / hz / d}')"

pgbench -S -n -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" dnevnik_bench_pgbench > "$LOGS/pgbench.txt" 2>&1
# the service's own first-page query, as the service sends it (prepared, same user, same limit)
cat > "$WORK/page.sql" <<SQL
SELECT id, title, body, mood, tags, source, transcript_id, language, entry_date, word_count, created_at, updated_at, version
  FROM entries WHERE user_id = '$USER_ID' ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT 21;
SQL
pgbench -n -M prepared -f "$WORK/page.sql" -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" dnevnik_bench_diary \
  > "$LOGS/pgbench-page.txt" 2>&1

SERVICE_RPS="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$LOGS/wrk.txt")"
SERVICE_ERRORS="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$LOGS/wrk.txt")"
SOCKET_ERRORS="$(grep -o 'Socket errors:.*' "$LOGS/wrk.txt" || true)"
P50="$(awk '$1 == "50%" {print $2}' "$LOGS/wrk.txt")"
P99="$(awk '$1 == "99%" {print $2}' "$LOGS/wrk.txt")"
PG_TPS="$(grep -o 'tps = [0-9.]*' "$LOGS/pgbench.txt" | tail -n 1 | awk '{printf "%.0f", $3}')"
PAGE_TPS="$(grep -o 'tps = [0-9.]*' "$LOGS/pgbench-page.txt" | tail -n 1 | awk '{printf "%.0f", $3}')"
PAGE_RATIO="$(awk -v s="$SERVICE_RPS" -v p="$PAGE_TPS" 'BEGIN {printf "%.1f", 100 * s / p}')"
PID="$(platform_pid diary-service)"
RSS_MB="$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status")"
PEAK_MB="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status")"
RATIO="$(awk -v s="$SERVICE_RPS" -v p="$PG_TPS" 'BEGIN {printf "%.1f", 100 * s / p}')"
VERDICT="$(awk -v r="$RATIO" 'BEGIN {print (r >= 50 ? "met" : "NOT met")}')"

printf '\n'
printf 'diary-service list benchmark  (%s entries, %s connections, %ss each, PostgreSQL %s, %s cores)\n' \
  "$ENTRIES" "$CONNECTIONS" "$DURATION" "$PG_VERSION" "$(nproc)"
printf '+------------------------------------------------+------------------+\n'
printf '| %-46s | %16s |\n' "measure" "value"
printf '+------------------------------------------------+------------------+\n'
printf '| %-46s | %16s |\n' "GET /entries?limit=20 (wrk), req/s" "$SERVICE_RPS"
printf '| %-46s | %16s |\n' "  latency p50 / p99" "$P50 / $P99"
printf '| %-46s | %16s |\n' "  non-2xx responses" "${SERVICE_ERRORS:-0}"
printf '| %-46s | %16s |\n' "pgbench -S (select-only), tps" "$PG_TPS"
printf '| %-46s | %15s%% |\n' "service / pgbench (goal >= 50 %)" "$RATIO"
printf '| %-46s | %16s |\n' "goal" "$VERDICT"
printf '| %-46s | %16s |\n' "pgbench running the service's page query, tps" "$PAGE_TPS"
printf '| %-46s | %15s%% |\n' "service / that query alone" "$PAGE_RATIO"
printf '| %-46s | %16s |\n' "cores used during wrk: service / postgres" "$CORES_SVC / $CORES_PG"
printf '| %-46s | %13s ms |\n' "start: launch to ready" "$READY_MS"
printf '| %-46s | %16s |\n' "start: Quarkus 'started in'" "${QUARKUS_START:-?}"
printf '| %-46s | %13s MB |\n' "RSS after the run / peak" "$RSS_MB / $PEAK_MB"
printf '+------------------------------------------------+------------------+\n'
printf 'JVM options: %s\n' "${JAVA_OPTS:-(defaults)}"
[[ -z "$SOCKET_ERRORS" ]] || printf 'wrk: %s\n' "$SOCKET_ERRORS"
