#!/usr/bin/env bash
# Benchmark: the extractive digest summariser (news-service, dev.dnevnik.news.digest.ExtractiveSummarizer) over
# 500 news items, the digest written when no chat-completions API is configured or it fails.
#
#   bench/digest-extractive.sh      (BENCH_ITEMS=500 BENCH_RUNS=200 BENCH_WARMUP=100 by default)
#
# Compiles news-service's tests, then runs the main class ExtractiveSummarizerBench (src/test/java) on the test
# classpath: 500 generated items in Russian, Ukrainian and English (stories retold by several items, as feeds do),
# every style x length, after a warm-up of every combination. Prints one table: runs, p50, p99 and max per digest,
# and the digest's length. Goal: p99 < 50 ms for every combination. No platform is started: nothing runs but the JVM.
# BENCH_MVN chooses the Maven command (default ./mvnw; e.g. BENCH_MVN="./mvnw -o" offline). Needs a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

ITEMS="${BENCH_ITEMS:-500}"
RUNS="${BENCH_RUNS:-200}"
WARMUP="${BENCH_WARMUP:-100}"
GOAL_MS=50
read -r -a MVN <<< "${BENCH_MVN:-$ROOT/mvnw}"

platform_find_java
WORK="$(mktemp -d /tmp/dnevnik-bench-digest.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
"${MVN[@]}" -B -q -pl news-service test-compile > "$WORK/build.log" 2>&1 \
  || { tail -n 40 "$WORK/build.log" >&2; platform_die "news-service did not compile; log above"; }
"${MVN[@]}" -B -q -pl news-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/classpath.txt" > "$WORK/classpath.log" 2>&1 \
  || { tail -n 40 "$WORK/classpath.log" >&2; platform_die "no test classpath for news-service; log above"; }
CLASSPATH="$ROOT/news-service/target/test-classes:$ROOT/news-service/target/classes:$(cat "$WORK/classpath.txt")"

"$JAVA" ${JAVA_OPTS:-} -cp "$CLASSPATH" dev.dnevnik.news.digest.ExtractiveSummarizerBench "$ITEMS" "$RUNS" "$WARMUP" \
  > "$WORK/results.tsv"

ROWS=()
WORST=0
while IFS=$'\t' read -r style length runs p50 p99 max chars; do
  ROWS+=("$(printf '| %-9s | %-7s | %5s | %8s | %8s | %8s | %10s |' "$style" "$length" "$runs" "$p50" "$p99" "$max" "$chars")")
  WORST="$(awk -v a="$WORST" -v b="$p99" 'BEGIN {print (b > a ? b : a)}')"
done < "$WORK/results.tsv"
VERDICT="$(awk -v w="$WORST" -v g="$GOAL_MS" 'BEGIN {print (w < g ? "met" : "NOT met")}')"

printf '\n'
printf 'extractive digest benchmark  (%s items ru/uk/en, %s runs each after %s warm-up rounds, %s cores, %s)\n' \
  "$ITEMS" "$RUNS" "$WARMUP" "$(nproc)" "$("$JAVA" -version 2>&1 | head -n 1)"
printf '+-----------+---------+-------+----------+----------+----------+------------+\n'
printf '| style     | length  | runs  | p50 (ms) | p99 (ms) | max (ms) | characters |\n'
printf '+-----------+---------+-------+----------+----------+----------+------------+\n'
printf '%s\n' "${ROWS[@]}"
printf '+-----------+---------+-------+----------+----------+----------+------------+\n'
printf 'goal: p99 < %s ms for every style and length: %s (worst p99 %s ms)\n' "$GOAL_MS" "$VERDICT" "$WORST"
printf 'JVM options: %s\n' "${JAVA_OPTS:-(defaults)}"
