# shellcheck shell=bash
# Shared by the benchmark scripts: the platform functions (../lib/platform.sh, documented there), a private state
# directory removed with everything started in it when the script exits, and what only benchmarks need.
# shellcheck source=../lib/platform.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/platform.sh"

# bench_begin NAME TOOL...: checks the tools are installed, then starts a fresh platform state in /tmp (built if
# needed, dev keys made) that is stopped and deleted when the script exits; out: BENCH_WORK (the state directory).
# BENCH_NO_BUILD=1 takes the packaged services as they are (platform_init --no-build) instead of rebuilding them
# when sources changed since the last build.
bench_begin() {
  local name="$1" tool
  shift
  for tool in "$@"; do
    command -v "$tool" > /dev/null || platform_die "$tool is needed (Debian: apt-get install $(bench_package "$tool"))"
  done
  BENCH_WORK="$(mktemp -d "/tmp/dnevnik-bench-$name.XXXXXX")"
  trap 'platform_stop_all > /dev/null; rm -rf "$BENCH_WORK"' EXIT
  if [[ "${BENCH_NO_BUILD:-0}" != 0 ]]; then
    platform_init "$BENCH_WORK" --no-build
  else
    platform_init "$BENCH_WORK"
  fi
}

bench_package() {
  case "$1" in
    psql | pgbench) echo postgresql-client ;;
    *) echo "$1" ;;
  esac
}

# bench_service MODULE PORT DATABASE [NAME=VALUE ...]: starts the packaged service and waits until it is ready
bench_service() {
  platform_start_service "$@"
  platform_wait_ready "$1" "$2" || platform_die "$1 did not start; its log: $PLATFORM_LOGS/$1.log"
}

# bench_psql_env: the psql/pgbench connection variables for the started PostgreSQL
bench_psql_env() {
  export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD"
}

# seed_entries <database> <user id> <count>: <count> diary entries of one user over ~3 years, Cyrillic text of a
# realistic length (each page of 20 is ~21 KB of JSON), then ANALYZE
seed_entries() {
  psql -d "$1" -q -v ON_ERROR_STOP=1 -c "
    TRUNCATE entries;
    INSERT INTO entries (id, user_id, title, body, mood, tags, source, language, entry_date, word_count, created_at, updated_at)
    SELECT gen_random_uuid(), '$2', 'Day ' || i,
           'Сегодня гуляли в парке, потом читали до ночи. Запись номер ' || i || '. ' || repeat('Ещё немного слов. ', 20),
           (ARRAY['awful','bad','neutral','good','great'])[1 + i % 5], ARRAY['walks', 'tag' || (i % 10)], 'text', 'ru',
           DATE '2024-01-01' + (i % 1000), 75, TIMESTAMPTZ '2024-01-01' + i * INTERVAL '1 minute', now()
      FROM generate_series(1, $3) AS i;
    ANALYZE entries;"
}

# cpu_ticks <pid>...: CPU time (user + system, in clock ticks) the processes have used so far
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [[ -r "/proc/$pid/stat" ]] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  printf '%s' "$total"
}
