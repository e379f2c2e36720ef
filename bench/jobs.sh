#!/usr/bin/env bash
# Benchmark: throughput of the jobs module (jobs/, dev.dnevnik.jobs): no-op jobs claimed, run and finished per second
# by 4 workers (4 Jobs instances, as 4 replicas of a service) sharing one jobs table in a real PostgreSQL.
#
#   bench/jobs.sh       (BENCH_JOBS=20000 BENCH_WORKERS=4 BENCH_CONCURRENCY=32 BENCH_POOL=20 BENCH_IN_FLIGHT=64)
#
# Starts an embedded PostgreSQL (durable: fsync and synchronous_commit on, as the local run keeps it; or the server
# at DB_URL), applies the jobs module's schema (db/jobs/R__jobs.sql) to two databases, compiles the jobs module's
# tests and runs the main class JobsThroughputBench (src/test/java) on the test classpath, once per database:
#   drain  N jobs enqueued through Jobs.enqueue first, then the workers start; N / (time until the N-th job's end)
#   live   the workers run while a producer enqueues N jobs (BENCH_IN_FLIGHT enqueues in flight); N / (time from
#          the first enqueue until the N-th job's end)
# The second database has synchronous_commit=off (ALTER DATABASE): not a recommendation, a diagnostic that shows how
# much of the time is spent waiting for commits to be flushed.
# Each worker: concurrency BENCH_CONCURRENCY per kind, its own pool of BENCH_POOL connections (the service's
# DB_POOL_SIZE default), the service's default lease (30 s) and poll interval (2 s).
# Goal: >= 2 000 jobs/s. Anchor: db-scheduler publishes 2 000-11 000 executions/s on a 4-core PostgreSQL, depending on
# its polling strategy (https://github.com/kagkarlsson/db-scheduler#benchmark-test); this machine has 2 cores that
# PostgreSQL shares with the workers.
# BENCH_MVN chooses the Maven command (default ./mvnw; e.g. BENCH_MVN="./mvnw -o" offline). Needs psql
# (Debian: apt install postgresql-client), a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

JOBS="${BENCH_JOBS:-20000}"
WORKERS="${BENCH_WORKERS:-4}"
CONCURRENCY="${BENCH_CONCURRENCY:-32}"
POOL="${BENCH_POOL:-20}"
IN_FLIGHT="${BENCH_IN_FLIGHT:-64}"
GOAL=2000
read -r -a MVN <<< "${BENCH_MVN:-$ROOT/mvnw}"

bench_begin jobs psql
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"
platform_start_postgres "${BENCH_PG_PORT:-15496}" dnevnik_bench_jobs,dnevnik_bench_jobs_async
bench_psql_env
PG_VERSION="$(psql -d postgres -Atc 'show server_version')"
for db in dnevnik_bench_jobs dnevnik_bench_jobs_async; do
  psql -d "$db" -q -v ON_ERROR_STOP=1 -c 'DROP TABLE IF EXISTS job_events, jobs' \
    -f "$ROOT/jobs/src/main/resources/db/jobs/R__jobs.sql" > /dev/null
done
psql -d postgres -q -c 'ALTER DATABASE dnevnik_bench_jobs_async SET synchronous_commit = off'
SYNC="$(psql -d dnevnik_bench_jobs -Atc 'show synchronous_commit') / fsync $(psql -d dnevnik_bench_jobs -Atc 'show fsync')"

cd "$ROOT"
"${MVN[@]}" -B -q -pl jobs test-compile > "$LOGS/build.log" 2>&1 \
  || { tail -n 40 "$LOGS/build.log" >&2; platform_die "the jobs module did not compile; log above"; }
"${MVN[@]}" -B -q -pl jobs dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/classpath.txt" > "$LOGS/classpath.log" 2>&1 \
  || { tail -n 40 "$LOGS/classpath.log" >&2; platform_die "no test classpath for jobs; log above"; }
CLASSPATH="$ROOT/jobs/target/test-classes:$ROOT/jobs/target/classes:$(cat "$WORK/classpath.txt")"

run_bench() {
  local url="postgresql://$DB_USER${DB_PASSWORD:+:$DB_PASSWORD}@$DB_HOST:$DB_PORT/$1"
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  "$JAVA" ${JAVA_OPTS:-} -cp "$CLASSPATH" dev.dnevnik.jobs.JobsThroughputBench "$url" "$JOBS" "$WORKERS" \
    "$CONCURRENCY" "$POOL" "$IN_FLIGHT" 2> "$LOGS/bench-$1.log" \
    || { tail -n 40 "$LOGS/bench-$1.log" >&2; platform_die "JobsThroughputBench failed on $1; log above"; }
}
run_bench dnevnik_bench_jobs > "$WORK/durable.tsv"
run_bench dnevnik_bench_jobs_async > "$WORK/async.tsv"

ROWS=()
WORST=""
while IFS=$'\t' read -r label file; do
  while IFS=$'\t' read -r phase jobs seconds rate enqueue commits wal claims p50 p99; do
    ROWS+=("$(printf '| %-22s | %-5s | %6s | %7s | %7s | %9s | %11s | %11s | %6s | %7s / %-7s |' \
      "$label" "$phase" "$jobs" "$seconds" "$rate" "$enqueue" "$commits" "$wal" "$claims" "$p50" "$p99")")
    [[ "$label" == durable* ]] && WORST="$(awk -v a="${WORST:-999999999}" -v b="$rate" 'BEGIN {print (b < a ? b : a)}')"
  done < "$file"
done <<< "$(printf 'durable (%s)\t%s\nsynchronous_commit=off\t%s\n' "on" "$WORK/durable.tsv" "$WORK/async.tsv")"
VERDICT="$(awk -v w="$WORST" -v g="$GOAL" 'BEGIN {print (w >= g ? "met" : "NOT met")}')"

LINE='+------------------------+-------+--------+---------+---------+-----------+-------------+-------------+--------+-------------------+'
printf '\n'
printf 'jobs throughput benchmark  (%s no-op jobs per phase, %s workers x concurrency %s, pool %s each, PostgreSQL %s, %s, %s cores)\n' \
  "$JOBS" "$WORKERS" "$CONCURRENCY" "$POOL" "$PG_VERSION" "$SYNC" "$(nproc)"
printf '%s\n' "$LINE"
printf '| %-22s | %-5s | %6s | %7s | %7s | %9s | %11s | %11s | %6s | %-17s |\n' \
  "database" "phase" "jobs" "wall s" "jobs/s" "enqueue/s" "commits/job" "WAL B/job" "claims" "claim->end p50/p99"
printf '%s\n' "$LINE"
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "$LINE"
printf 'goal: >= %s jobs/s (durable database, both phases): %s (worst %s jobs/s)\n' "$GOAL" "$VERDICT" "$WORST"
printf 'anchor: db-scheduler publishes 2 000-11 000 executions/s on a 4-core PostgreSQL; here PostgreSQL, the workers\n'
printf '        and the producer share %s cores\n' "$(nproc)"
printf 'drain: commits and WAL are "enqueue + run" per job; claim->end is from the claim (started_at) to the end (ms)\n'
printf 'JVM options: %s\n' "${JAVA_OPTS:-(defaults)}"
