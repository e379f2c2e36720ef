#!/usr/bin/env bash
# Benchmark: many transcriptions in flight at once on one small instance.
#
#   bench/transcription-concurrency.sh
#
# The old backend blocked a worker per speech-to-text call: 10 concurrent transcriptions with 2-5 s provider calls
# took 5.8 s. Here the provider is the local simulator with a FIXED 2.0 s latency, so the ideal wall time of any
# burst is 2.0 s. Each run fires N concurrent uploads of a real 3 s spoken clip (Ogg/Opus, as the apps send voice)
# and reports wall time, its ratio to 2.0 s (goal at 200: <= 1.10 with 0 errors), p50/p99, errors and peak RSS.
# A last run caps the bulkhead at 16 to show the cap working: ~ceil(200/16) x 2 s, no errors, no timeouts.
# Needs: hey (Debian: apt install hey), a JDK 21+.  BENCH_CLIP=<file> benchmarks another clip.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

CLIP="${BENCH_CLIP:-$ROOT/transcription-service/src/test/resources/audio/speech.ogg}"
SERVICE_PORT="${BENCH_SERVICE_PORT:-18081}"
SIM_PORT="${BENCH_SIMULATOR_PORT:-18091}"
LATENCY=2.0

bench_begin transcription hey curl
WORK="$BENCH_WORK"
platform_start_postgres "${BENCH_PG_PORT:-15498}" dnevnik_bench_transcription
platform_start_simulator "$SIM_PORT" "${LATENCY}s"

# one multipart body, reused by every request
BOUNDARY="dnevnik-bench-boundary"
BODY="$WORK/body.bin"
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n' \
    "$BOUNDARY" "$(basename "$CLIP")"
  cat "$CLIP"
  printf -- '\r\n--%s--\r\n' "$BOUNDARY"
} > "$BODY"
TOKEN="$(platform_token "$(cat /proc/sys/kernel/random/uuid)")"
URL="http://localhost:$SERVICE_PORT/transcriptions"

start_service() {
  local max_concurrent="$1" warmup_rounds="$2"
  bench_service transcription-service "$SERVICE_PORT" dnevnik_bench_transcription \
    STT_PRIMARY_BASE_URL="http://127.0.0.1:$SIM_PORT/v1" STT_PRIMARY_API_KEY=simulator STT_PRIMARY_NAME=simulator \
    STT_MAX_CONCURRENT="$max_concurrent" STT_QUEUE_SIZE=1000
  # warm up off the record: the JIT keeps compiling the upload and multipart paths for thousands of requests and the
  # connection pools grow to the burst size; a cold JVM adds 0.2-0.5 s to the first bursts
  local round
  for round in $(seq "$warmup_rounds"); do burst 200 > /dev/null; done
}

# N concurrent uploads; prints hey's report
burst() {
  hey -n "$1" -c "$1" -m POST -t 120 -T "multipart/form-data; boundary=$BOUNDARY" -D "$BODY" \
    -H "Authorization: Bearer $TOKEN" "$URL"
}

ROWS=()
CPU_NOTES=()
measure() {
  local concurrency="$1" bulkhead="$2" report wall p50 p99 ok errors ratio peak svc_before sim_before hz
  svc_before=$(cpu_ticks "$(platform_pid transcription-service)"); sim_before=$(cpu_ticks "$(platform_pid stt-simulator)")
  report="$(burst "$concurrency")"
  hz="$(getconf CLK_TCK)"
  CPU_NOTES+=("$(printf '%s concurrent (bulkhead %s): CPU per transcription: service %.1f ms, simulator %.1f ms' \
    "$concurrency" "$bulkhead" \
    "$(awk -v t=$(( $(cpu_ticks "$(platform_pid transcription-service)") - svc_before )) -v hz="$hz" -v n="$concurrency" 'BEGIN {print 1000 * t / hz / n}')" \
    "$(awk -v t=$(( $(cpu_ticks "$(platform_pid stt-simulator)") - sim_before )) -v hz="$hz" -v n="$concurrency" 'BEGIN {print 1000 * t / hz / n}')")")
  wall="$(awk '/Total:/ {print $2; exit}' <<< "$report")"
  p50="$(awk '$1 == "50%" {print $3}' <<< "$report")"
  p99="$(awk '$1 == "99%" {print $3}' <<< "$report")"
  # hey omits percentiles it cannot resolve (10 samples have no 99th): the slowest request is the honest p99 then
  [[ -n "$p99" ]] || p99="$(awk '/Slowest:/ {print $2; exit}' <<< "$report")"
  ok="$(awk '/\[201\]/ {print $2}' <<< "$report")"
  errors=$(( concurrency - ${ok:-0} ))
  ratio="$(awk -v w="$wall" -v l="$LATENCY" 'BEGIN {printf "%.2f", w / l}')"
  peak="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$(platform_pid transcription-service)/status")"
  ROWS+=("$(printf '| %11s | %8s | %9.2f | %13s | %7.2f | %7.2f | %6s | %8s |' \
    "$concurrency" "$bulkhead" "$wall" "$ratio" "$p50" "$p99" "$errors" "$peak MB")")
  [[ "$errors" == "0" ]] || grep -E '^\s+\[[0-9]+\]|Error distribution' -A5 <<< "$report" >&2
}

# 20 bursts of 200 with the full bulkhead; with the bulkhead at 16 a burst takes 26 s, and 2 are enough to show the cap
start_service 256 "${BENCH_WARMUP_ROUNDS:-20}"
for concurrency in 10 100 200; do measure "$concurrency" 256; done
platform_stop transcription-service 30 > /dev/null
start_service 16 2
measure 200 16

printf '\n'
printf 'transcription concurrency benchmark  (clip: %s, %s bytes; simulator latency fixed at %ss; %s cores)\n' \
  "$(basename "$CLIP")" "$(stat -c %s "$CLIP")" "$LATENCY" "$(nproc)"
printf '+-------------+----------+-----------+---------------+---------+---------+--------+----------+\n'
printf '| concurrent  | bulkhead | wall (s)  | wall / 2.0 s  | p50 (s) | p99 (s) | errors | peak RSS |\n'
printf '+-------------+----------+-----------+---------------+---------+---------+--------+----------+\n'
printf '%s\n' "${ROWS[@]}"
printf '+-------------+----------+-----------+---------------+---------+---------+--------+----------+\n'
printf 'goal: at 200 with bulkhead 256, wall / 2.0 s <= 1.10 and 0 errors\n'
printf 'bulkhead 16: expected about ceil(200/16) x 2.0 s = %s s, no errors, no timeouts (queue 1000, timeout 60 s)\n' \
  "$(( (200 + 15) / 16 * 2 ))"
printf 'old backend for comparison: 10 concurrent took 5.8 s\n'
printf '%s\n' "${CPU_NOTES[@]}"
