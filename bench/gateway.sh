#!/usr/bin/env bash
# Benchmark: what the gateway costs, in one run against the same PostgreSQL and the same services.
#
#   bench/gateway.sh            (BENCH_DURATION=20 BENCH_CONNECTIONS=50 by default)
#
# 1. GET /entries?limit=20 straight to diary-service vs GET /api/entries?limit=20 through the gateway, with wrk at the
#    same concurrency, measured alternately; prints both and their ratio (goal: gateway >= 70 % of direct).
# 2. 200 concurrent voice-sized transcriptions through the gateway (POST /api/transcriptions), the provider being the
#    local simulator with a fixed 2.0 s latency (goal: wall <= 1.10 x 2.0 s, no errors).
# The rate limits are raised for the run (the bucket check itself still runs on every request): a benchmark is one
# user sending far more than any real user may.
# Needs: wrk, hey, psql (Debian: apt install wrk hey postgresql-client), a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

DURATION="${BENCH_DURATION:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
ENTRIES=10000
GATEWAY_PORT=18080
TRANSCRIPTION_PORT=18081
DIARY_PORT=18082
SIM_PORT=18091
CLIP="$ROOT/transcription-service/src/test/resources/audio/speech.ogg"

bench_begin gateway wrk hey psql curl
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"
platform_start_postgres "${BENCH_PG_PORT:-15497}" dnevnik_bench_diary,dnevnik_bench_transcription,dnevnik_bench_gateway
platform_start_simulator "$SIM_PORT" 2s
bench_psql_env

bench_service diary-service "$DIARY_PORT" dnevnik_bench_diary
bench_service transcription-service "$TRANSCRIPTION_PORT" dnevnik_bench_transcription \
  STT_PRIMARY_BASE_URL="http://127.0.0.1:$SIM_PORT/v1" STT_PRIMARY_API_KEY=simulator STT_PRIMARY_NAME=simulator \
  STT_MAX_CONCURRENT=256 STT_QUEUE_SIZE=1000
# the rate limits are raised for the run (the bucket check itself still runs on every request)
bench_service gateway "$GATEWAY_PORT" dnevnik_bench_gateway JWT_PRIVATE_KEY_LOCATION="$PLATFORM_KEYS/dev-private.pem" \
  DIARY_SERVICE_URL="http://localhost:$DIARY_PORT" TRANSCRIPTION_SERVICE_URL="http://localhost:$TRANSCRIPTION_PORT" \
  RATE_LIMIT_DEFAULT=1000000000 RATE_LIMIT_TRANSCRIPTIONS=1000000000

USER_ID="$(cat /proc/sys/kernel/random/uuid)"
seed_entries dnevnik_bench_diary "$USER_ID" "$ENTRIES"
TOKEN="$(platform_token "$USER_ID")"
DIRECT="http://localhost:$DIARY_PORT/entries?limit=20"
VIA="http://localhost:$GATEWAY_PORT/api/entries?limit=20"
for url in "$DIRECT" "$VIA"; do
  items="$(curl -s -H "Authorization: Bearer $TOKEN" "$url" | grep -o '"id"' | wc -l)"
  [[ "$items" == "20" ]] || platform_die "sanity check failed: expected 20 entries from $url, got $items"
done

# ---- 1. list: warm both paths, then measure alternately (direct, gateway, direct, gateway) and keep the best of each
run_wrk() { wrk -t2 -c"$CONNECTIONS" -d"$2" --latency -H "Authorization: Bearer $TOKEN" "$1"; }
run_wrk "$DIRECT" 10s > /dev/null
run_wrk "$VIA" 10s > /dev/null
best() { sort -n | tail -n 1; }
rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
# where the cores go in the gateway run
cores_since() { awk -v t=$(( $(cpu_ticks "$1") - $2 )) -v hz="$(getconf CLK_TCK)" -v d="$DURATION" 'BEGIN {printf "%.2f", t / hz / d}'; }
GW_PID="$(platform_pid gateway)"; DIARY_PID="$(platform_pid diary-service)"
for round in 1 2; do
  run_wrk "$DIRECT" "${DURATION}s" > "$LOGS/wrk-direct-$round.txt"
  gw_before=$(cpu_ticks "$GW_PID"); diary_before=$(cpu_ticks "$DIARY_PID")
  run_wrk "$VIA" "${DURATION}s" > "$LOGS/wrk-gateway-$round.txt"
  CORES_GW="$(cores_since "$GW_PID" "$gw_before")"; CORES_DIARY="$(cores_since "$DIARY_PID" "$diary_before")"
done
DIRECT_RPS="$(for f in "$LOGS"/wrk-direct-*.txt; do rps "$f"; echo; done | best)"
VIA_RPS="$(for f in "$LOGS"/wrk-gateway-*.txt; do rps "$f"; echo; done | best)"
best_file() { for f in "$LOGS"/wrk-"$1"-*.txt; do printf '%s %s\n' "$(rps "$f")" "$f"; done | sort -n | tail -n 1 | cut -d' ' -f2; }
DIRECT_FILE="$(best_file direct)"; VIA_FILE="$(best_file gateway)"
latency() { awk '$1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} END {print p50 " / " p99}' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ {print $5}' "$1"; }
LIST_RATIO="$(awk -v v="$VIA_RPS" -v d="$DIRECT_RPS" 'BEGIN {printf "%.1f", 100 * v / d}')"

# ---- 2. transcriptions through the gateway: 200 in flight, provider fixed at 2.0 s
BOUNDARY="dnevnik-bench-boundary"
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="speech.ogg"\r\nContent-Type: audio/ogg\r\n\r\n' "$BOUNDARY"
  cat "$CLIP"
  printf -- '\r\n--%s--\r\n' "$BOUNDARY"
} > "$WORK/body.bin"
burst() {
  hey -n "$1" -c "$1" -m POST -t 120 -T "multipart/form-data; boundary=$BOUNDARY" -D "$WORK/body.bin" \
    -H "Authorization: Bearer $TOKEN" "http://localhost:$GATEWAY_PORT/api/transcriptions"
}
for _ in $(seq "${BENCH_WARMUP_ROUNDS:-20}"); do burst 200 > /dev/null; done
burst 200 > "$LOGS/hey-transcriptions.txt"
WALL="$(awk '/Total:/ {print $2; exit}' "$LOGS/hey-transcriptions.txt")"
T_P50="$(awk '$1 == "50%" {print $3}' "$LOGS/hey-transcriptions.txt")"
T_P99="$(awk '$1 == "99%" {print $3}' "$LOGS/hey-transcriptions.txt")"
T_OK="$(awk '/\[201\]/ {print $2}' "$LOGS/hey-transcriptions.txt")"
T_ERRORS=$(( 200 - ${T_OK:-0} ))
T_RATIO="$(awk -v w="$WALL" 'BEGIN {printf "%.2f", w / 2.0}')"
GW_RSS="$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$GW_PID/status")"
GW_PEAK="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$GW_PID/status")"

printf '\n'
printf 'gateway benchmark  (%s entries, %s connections, %s s per run, best of 2 alternating runs, %s cores)\n' \
  "$ENTRIES" "$CONNECTIONS" "$DURATION" "$(nproc)"
printf '+--------------------------------------------------+--------------------+\n'
printf '| %-48s | %18s |\n' "measure" "value"
printf '+--------------------------------------------------+--------------------+\n'
printf '| %-48s | %18s |\n' "GET /entries?limit=20 direct, req/s" "$DIRECT_RPS"
printf '| %-48s | %18s |\n' "  latency p50 / p99" "$(latency "$DIRECT_FILE")"
printf '| %-48s | %18s |\n' "GET /api/entries?limit=20 via gateway, req/s" "$VIA_RPS"
printf '| %-48s | %18s |\n' "  latency p50 / p99" "$(latency "$VIA_FILE")"
printf '| %-48s | %18s |\n' "  non-2xx responses (direct / gateway)" "$(non2xx "$DIRECT_FILE" | grep . || echo 0) / $(non2xx "$VIA_FILE" | grep . || echo 0)"
printf '| %-48s | %17s%% |\n' "gateway / direct (goal >= 70 %)" "$LIST_RATIO"
printf '| %-48s | %18s |\n' "  cores used via gateway: gateway / diary" "$CORES_GW / $CORES_DIARY"
printf '| %-48s | %18s |\n' "200 transcriptions via gateway: wall (s)" "$WALL"
printf '| %-48s | %18s |\n' "  wall / 2.0 s (goal <= 1.10)" "$T_RATIO"
printf '| %-48s | %18s |\n' "  p50 / p99 (s)" "$T_P50 / $T_P99"
printf '| %-48s | %18s |\n' "  errors" "$T_ERRORS"
printf '| %-48s | %15s MB |\n' "gateway RSS after the run / peak" "$GW_RSS / $GW_PEAK"
printf '+--------------------------------------------------+--------------------+\n'
printf 'all processes (wrk/hey, gateway, services, PostgreSQL, simulator) share the same %s cores\n' "$(nproc)"
