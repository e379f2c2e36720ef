#!/usr/bin/env bash
# Benchmark: every service as a JVM application (the packaged jar) vs as a GraalVM native executable, in one run.
#
#   bench/native.sh                   (BENCH_DURATION=15 BENCH_CONNECTIONS=50 BENCH_REPEATS=3 BENCH_ROUNDS=2)
#   BENCH_QUICK=1 BENCH_DURATION=3 bench/native.sh      a smoke run: one launch each, short warm-ups; no figures
#   BENCH_NO_BUILD=1 bench/native.sh  take the jars as they are (no ./mvnw install when sources are newer)
#   BENCH_SERVICES="diary-service news-service" bench/native.sh    only these (the gateway brings diary-service and
#                                     transcription-service along; without the gateway there are no headline figures)
#
# Per service (gateway, transcription-service, diary-service, news-service, sync-service), JVM vs native, each flavour
# on its own databases of one embedded PostgreSQL (dnevnik_bench_jvm_diary, dnevnik_bench_native_diary, ...):
# 1. launch to ready: wall time from launching the process until GET /q/health/ready first answers 200 (curl every
#    BENCH_POLL = 0.01 s), median of BENCH_REPEATS launches, JVM and native alternating. A first launch of each, not
#    counted, migrates its schema and seeds its data, so the counted launches start on a migrated database. Each
#    service runs alone — except that the gateway has the diary-service of its flavour up (idle) to forward to.
# 2. RSS (VmRSS) idle, BENCH_IDLE_SECONDS after ready, and after 1 000 requests (hey -n 1000 -c 10) of one
#    authenticated read on that fresh process: diary GET /entries?limit=20 (300 entries seeded), transcription
#    GET /transcriptions?limit=20 (300 transcripts), news GET /news?limit=20 (300 items), sync GET /sync/sources?limit=20
#    (30 sources, admin token), gateway GET /api/entries?limit=20 forwarded to diary-service. Every one of the 1 000
#    must answer 200, or the script stops and shows hey's distribution.
# 3. size: the native executable vs target/quarkus-app (the JDK the jar needs is not included; its size is printed).
# 4. the headline figures of bench/gateway.sh, with the whole platform of one flavour up (gateway, diary-service,
#    transcription-service; the speech-to-text SIMULATOR at 2.0 s): GET /api/entries?limit=20 through the gateway with
#    wrk (BENCH_CONNECTIONS, BENCH_DURATION s after a BENCH_WARMUP_SECONDS warm-up; BENCH_ENTRIES entries), and 200
#    concurrent transcriptions through the gateway after BENCH_WARMUP_ROUNDS warm-up bursts of 200. BENCH_ROUNDS
#    rounds, JVM and native alternating, each on a freshly started platform; the best round of each flavour is shown,
#    every round's figures below the table. Native throughput may well be lower than the JIT's: it is printed as is.
# The rate limits are raised (the bucket check still runs on every request), as in bench/gateway.sh.
#
# Ports: JVM services on BENCH_JVM_PORT_BASE (18080) + 0..4, native ones on BENCH_NATIVE_PORT_BASE (28080) + 0..4
# (gateway, transcription, diary, news, sync), the simulator on BENCH_SIMULATOR_PORT (18091), the embedded PostgreSQL
# on BENCH_PG_PORT (15493) — none of them a running ./dnevnik's. JAVA_OPTS goes to the JVM services, as in ./dnevnik;
# the native executables run with their defaults.
#
# Native figures from executables built with this workplace's assembled GraalVM home (../shared/tools/graalvm) come
# from images without container support (-H:-UseContainerSupport): they size heap and threads from the host's memory
# and CPUs, not a container's limits. Say so wherever they are quoted; a standard GraalVM/Mandrel has no such limit.
# Needs: wrk, hey, psql, curl (Debian: apt-get install wrk hey postgresql-client curl), a JDK 21+, the packaged
# services (target/quarkus-app) and their native executables (./mvnw package -Dnative, README "Native executables").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

QUICK="${BENCH_QUICK:-0}"
[[ "$QUICK" == 0 ]] && quick=false || quick=true
DURATION="${BENCH_DURATION:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
REPEATS="${BENCH_REPEATS:-$($quick && echo 1 || echo 3)}"
ROUNDS="${BENCH_ROUNDS:-$($quick && echo 1 || echo 2)}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-$($quick && echo 2 || echo 10)}"
WARMUP_ROUNDS="${BENCH_WARMUP_ROUNDS:-$($quick && echo 1 || echo 5)}"
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-$($quick && echo 2 || echo 5)}"
POLL="${BENCH_POLL:-0.01}"
ENTRIES="${BENCH_ENTRIES:-10000}"
JVM_PORT_BASE="${BENCH_JVM_PORT_BASE:-18080}"
NATIVE_PORT_BASE="${BENCH_NATIVE_PORT_BASE:-28080}"
SIM_PORT="${BENCH_SIMULATOR_PORT:-18091}"
PG_PORT="${BENCH_PG_PORT:-15493}"
READY_TIMEOUT="${DNEVNIK_READY_TIMEOUT:-180}"
SEED=300             # rows per service for the 1 000-request reads
SOURCES=30           # sync sources
FLAVOURS=(jvm native)
ALL_MODULES=(gateway transcription-service diary-service news-service sync-service)
read -r -a SELECTED <<< "$(tr ',' ' ' <<< "${BENCH_SERVICES:-${ALL_MODULES[*]}}")"
for module in "${SELECTED[@]}"; do
  [[ " ${ALL_MODULES[*]} " == *" $module "* ]] || platform_die "BENCH_SERVICES: unknown service $module (one of: ${ALL_MODULES[*]})"
done
[[ " ${SELECTED[*]} " == *" gateway "* ]] && SELECTED+=(diary-service transcription-service) # what it fronts here
selected() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
# the order of the launch measurements: diary-service first, whose seeded database the gateway then reads through
MODULES=()
for module in diary-service transcription-service news-service sync-service gateway; do
  if selected "$module"; then MODULES+=("$module"); fi
done
CLIP="$ROOT/transcription-service/src/test/resources/audio/speech.ogg"

# ---- the native executables must exist (checked before anything starts) and should be as new as the sources
missing=()
for module in "${MODULES[@]}"; do
  platform_native_executable "$module" > /dev/null || missing+=("$module")
done
((${#missing[@]} == 0)) || platform_die "no native executable for: ${missing[*]} (looked for MODULE/target/MODULE-*-runner).
  Build them with: ./mvnw package -Dnative -DskipTests -Dquarkus.native.graalvm-home=\$GRAALVM_HOME
  (a GraalVM/Mandrel home, or the one ../shared/tools/graalvm/build-graal-home.sh assembles; README, Native executables)"

# module_dirs MODULE: the module and the project's libraries it depends on outside tests (what its executable is built from)
module_dirs() {
  local dep
  printf '%s\n' "$ROOT/$1"
  awk '/<dependency>/ {d = 1; a = ""; s = ""}
       d && /<artifactId>/ {a = $0; gsub(/.*<artifactId>|<\/artifactId>.*/, "", a)}
       d && /<scope>/ {s = $0; gsub(/.*<scope>|<\/scope>.*/, "", s)}
       /<\/dependency>/ {if (d && s != "test") print a; d = 0}' "$ROOT/$1/pom.xml" |
    while read -r dep; do
      if [[ "$dep" != "$1" && -f "$ROOT/$dep/pom.xml" ]]; then printf '%s\n' "$ROOT/$dep"; fi
    done
}

bench_begin native wrk hey psql curl
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"
for module in "${MODULES[@]}"; do
  [[ -f "$(platform_service_jar "$module")" ]] \
    || platform_die "$module is not packaged ($(platform_service_jar "$module") is missing): run ./mvnw install -DskipTests, or this script without BENCH_NO_BUILD"
  runner="$(platform_native_executable "$module")"
  mapfile -t source_dirs < <(module_dirs "$module")
  newer="$(find "${source_dirs[@]}" -path '*/target' -prune -o -path '*/src/main/docker' -prune -o \
    \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$runner" -print -quit)"
  [[ -z "$newer" ]] || printf 'warning: %s is older than %s: JVM and native may not be the same code\n' \
    "${runner#"$ROOT"/}" "${newer#"$ROOT"/}"
done

# ---- what runs where
short() { local s="${1%-service}"; printf '%s' "$s"; }
port_of() { # FLAVOUR MODULE
  local base offset
  [[ "$1" == jvm ]] && base="$JVM_PORT_BASE" || base="$NATIVE_PORT_BASE"
  case "$2" in
    gateway) offset=0 ;; transcription-service) offset=1 ;; diary-service) offset=2 ;;
    news-service) offset=3 ;; sync-service) offset=4 ;;
    *) platform_die "unknown module $2" ;;
  esac
  printf '%s' $((base + offset))
}
db_of() { printf 'dnevnik_bench_%s_%s' "$1" "$(short "$2")"; }
label() { [[ "$1" == jvm ]] && printf 'JVM' || printf 'native'; }

# the settings each service gets beside PORT, DB_NAME and the public key (the same in every phase)
service_env() { # FLAVOUR MODULE
  case "$2" in
    gateway)
      printf '%s\n' "JWT_PRIVATE_KEY_LOCATION=$PLATFORM_KEYS/dev-private.pem" \
        "DIARY_SERVICE_URL=http://localhost:$(port_of "$1" diary-service)" \
        "TRANSCRIPTION_SERVICE_URL=http://localhost:$(port_of "$1" transcription-service)" \
        RATE_LIMIT_DEFAULT=1000000000 RATE_LIMIT_TRANSCRIPTIONS=1000000000 ;;
    transcription-service)
      printf '%s\n' "STT_PRIMARY_BASE_URL=http://127.0.0.1:$SIM_PORT/v1" STT_PRIMARY_API_KEY=simulator \
        STT_PRIMARY_NAME=simulator STT_MAX_CONCURRENT=256 STT_QUEUE_SIZE=1000 ;;
    news-service) printf '%s\n' FEEDS_SCHEDULE_EVERY=off ;; # nothing runs in the background but what is measured
  esac
}

free_port() { # FLAVOUR MODULE
  local port
  port="$(port_of "$1" "$2")"
  if platform_port_busy "$port"; then
    platform_die "port $port (for $(label "$1") $2) is taken; set BENCH_${1^^}_PORT_BASE to another base"
  fi
}
launch() { # FLAVOUR MODULE: starts it (not waiting)
  local port env=()
  port="$(port_of "$1" "$2")"
  mapfile -t env < <(service_env "$1" "$2")
  if [[ "$1" == jvm ]]; then
    platform_start_service "$2" "$port" "$(db_of "$1" "$2")" "${env[@]}"
  else
    platform_start_native "$2" "$port" "$(db_of "$1" "$2")" "${env[@]}"
  fi
}
up() { # FLAVOUR MODULE: starts it and waits until it is ready (not timed)
  free_port "$1" "$2"
  launch "$1" "$2"
  platform_wait_ready "$2" "$(port_of "$1" "$2")" || platform_die "$(label "$1") $2 did not start; its log: $LOGS/$2.log"
}
down() { platform_stop "$1" 30 > /dev/null; }

# timed_launch FLAVOUR MODULE: launches it and polls GET /q/health/ready until 200; out: LAUNCH_MS
timed_launch() {
  local port url start end code deadline=$((SECONDS + READY_TIMEOUT))
  port="$(port_of "$1" "$2")"
  url="http://127.0.0.1:$port/q/health/ready"
  free_port "$1" "$2"
  start=$(date +%s%N)
  launch "$1" "$2"
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)"
    if [[ "$code" == 200 ]]; then
      end=$(date +%s%N)
      break
    fi
    platform_alive "$2" || { tail -n 30 "$LOGS/$2.log" >&2; platform_die "$(label "$1") $2 exited while starting; its log: $LOGS/$2.log"; }
    ((SECONDS < deadline)) || { tail -n 30 "$LOGS/$2.log" >&2; platform_die "$(label "$1") $2 not ready in ${READY_TIMEOUT}s"; }
    sleep "$POLL"
  done
  LAUNCH_MS=$(((end - start) / 1000000))
}

# the service's own process (platform_launch runs setsid + env, which exec it: the pid is the service's, checked here)
service_pid() {
  local pid comm
  pid="$(platform_pid "$1")"
  comm="$(cat "/proc/$pid/comm")"
  case "$comm" in
    setsid | env) pid="$(pgrep -P "$pid" | head -n 1)" ;;
  esac
  printf '%s' "$pid"
}
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
peak_mb() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "?"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
span() { tr ' ' '\n' | grep . | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {print (lo == hi ? "" : lo "-" hi)}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# ---- the read each service answers 1 000 times
request_path() {
  case "$1" in
    gateway) printf '/api/entries?limit=20' ;;
    diary-service) printf '/entries?limit=20' ;;
    transcription-service) printf '/transcriptions?limit=20' ;;
    news-service) printf '/news?limit=20' ;;
    sync-service) printf '/sync/sources?limit=20' ;;
  esac
}
token_for() { [[ "$1" == sync-service ]] && printf '%s' "$ADMIN_TOKEN" || printf '%s' "$TOKEN"; }
items() { curl -s -H "Authorization: Bearer $2" "$1" | { grep -o '"id"' || true; } | wc -l; }

# check_status FILE STATUS COUNT: hey's output shows COUNT responses with STATUS and nothing else, or the script stops
check_status() {
  local ok others
  ok="$(awk -v s="[$2]" '$1 == s {print $2}' "$1")"
  others="$(awk -v s="[$2]" '$1 ~ /^\[[0-9]+\]$/ && $1 != s' "$1")"
  if [[ "${ok:-0}" != "$3" || -n "$others" ]] || grep -q 'Error distribution' "$1"; then
    sed -n '/Status code distribution/,$p' "$1" >&2
    platform_die "expected $3 responses $2 in $1, got ${ok:-0} (distribution above)"
  fi
}

# seed FLAVOUR MODULE: the data the module's read returns, in its flavour's database (the service is up and migrated)
seed() {
  local db i code port
  db="$(db_of "$1" "$2")"
  port="$(port_of "$1" "$2")"
  case "$2" in
    diary-service) seed_entries "$db" "$USER_ID" "$SEED" ;;
    transcription-service)
      psql -d "$db" -q -v ON_ERROR_STOP=1 -c "
        INSERT INTO transcripts (id, user_id, text, language, duration_seconds, provider, model, audio_format, audio_bytes, created_at)
        SELECT gen_random_uuid(), '$USER_ID', 'Сегодня гуляли в парке, потом читали до ночи. Запись номер ' || i || '.',
               'ru', 3.2, 'simulator', 'bench', 'ogg', 7267, now() - i * interval '1 minute'
          FROM generate_series(1, $SEED) AS i;
        ANALYZE transcripts;" ;;
    news-service)
      psql -d "$db" -q -v ON_ERROR_STOP=1 -c "
        INSERT INTO feeds (id, url, title, category, language, last_success_at, next_check_at)
        SELECT md5('bench-feed-' || slug)::uuid, 'https://news.example/' || slug || '/rss', 'Лента: ' || name_ru, slug,
               (ARRAY['ru','uk','en'])[1 + position % 3], now(), now() + interval '1 day'
          FROM categories;
        INSERT INTO news_items (id, feed_id, item_key, category, language, title, summary, link, published_at, first_seen_at)
        SELECT gen_random_uuid(), f.id, md5('item-' || i), f.category, f.language,
               (ARRAY['Городской совет утвердил бюджет на ремонт дорог и транспорт',
                      'Депутати погодили програму модернізації вуличного освітлення',
                      'Regional exports recover as analysts raise growth forecasts'])[1 + i % 3] || ' (' || i || ')',
               (ARRAY['Городской совет обсудил новый бюджет на развитие транспорта и ремонт дорог в центральных районах.',
                      'Депутати погодили програму модернізації освітлення вулиць до кінця року.',
                      'Analysts expect the regional economy to grow faster than last year as exports recover.'])[1 + i % 3],
               'https://news.example/' || f.category || '/' || i, now() - (i * interval '52 seconds'),
               now() - (i * interval '52 seconds') + interval '3 minutes'
          FROM generate_series(1, $SEED) AS i
          JOIN (SELECT id, category, language, row_number() OVER (ORDER BY category) - 1 AS n FROM feeds) AS f
            ON f.n = i % (SELECT count(*) FROM feeds);
        ANALYZE news_items;" ;;
    sync-service)
      for i in $(seq 1 "$SOURCES"); do
        code="$(curl -s -o "$WORK/source.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
          -H 'Content-Type: application/json' -d "{\"name\":\"Bench source $i\",\"baseUrl\":\"https://partner.example\",\"itemsPointer\":\"/items\",\"totalPointer\":\"/total\",\"idPointer\":\"/id\"}" \
          "http://localhost:$port/sync/sources")"
        [[ "$code" == 201 ]] || platform_die "could not add a sync source ($code): $(cat "$WORK/source.json")"
      done ;;
  esac
}

# ---- PostgreSQL (one database per service and flavour), the simulator, tokens
databases="$(for f in "${FLAVOURS[@]}"; do for m in "${MODULES[@]}"; do db_of "$f" "$m"; echo; done; done | paste -sd, -)"
platform_start_postgres "$PG_PORT" "$databases"
bench_psql_env
PG_VERSION="$(psql -d postgres -Atc 'show server_version')"
platform_start_simulator "$SIM_PORT" 2s
USER_ID="$(cat /proc/sys/kernel/random/uuid)"
TOKEN="$(platform_token "$USER_ID")"
ADMIN_TOKEN="$(platform_token "$(cat /proc/sys/kernel/random/uuid)" --admin)"
printf 'JVM options (JAVA_OPTS): %s; native executables: their defaults\n' "${JAVA_OPTS:-(none: JVM defaults)}"

# ---- 1 + 2: launch to ready, RSS idle and after 1 000 requests, per service and flavour
declare -A LAUNCH=() STARTED=() RSS_IDLE=() RSS_AFTER=() REQ_SECONDS=()
for module in "${MODULES[@]}"; do
  printf '%s: migrating and seeding (JVM, native) ...\n' "$module"
  for flavour in "${FLAVOURS[@]}"; do
    if [[ "$module" == gateway ]]; then up "$flavour" diary-service; fi
    up "$flavour" "$module"
    seed "$flavour" "$module"
    down "$module"
    if [[ "$module" == gateway ]]; then down diary-service; fi
  done
  for rep in $(seq 1 "$REPEATS"); do
    for flavour in "${FLAVOURS[@]}"; do
      key="$flavour/$module"
      if [[ "$module" == gateway ]]; then up "$flavour" diary-service; fi
      timed_launch "$flavour" "$module"
      started="$(grep -o 'started in [0-9.]*s' "$LOGS/$module.log" | tail -n 1 | awk '{print $3}' | tr -d s || true)"
      sleep "$IDLE_SECONDS"
      pid="$(service_pid "$module")"
      idle="$(rss_mb "$pid")"
      url="http://localhost:$(port_of "$flavour" "$module")$(request_path "$module")"
      count="$(items "$url" "$(token_for "$module")")"
      ((count >= 20)) || platform_die "sanity check failed: expected 20 items from $url, got $count"
      hey -n 1000 -c 10 -H "Authorization: Bearer $(token_for "$module")" "$url" > "$LOGS/hey-$flavour-$module-$rep.txt"
      check_status "$LOGS/hey-$flavour-$module-$rep.txt" 200 1000
      after="$(rss_mb "$pid")"
      seconds="$(awk '/Total:/ {printf "%.2f", $2; exit}' "$LOGS/hey-$flavour-$module-$rep.txt")"
      down "$module"
      if [[ "$module" == gateway ]]; then down diary-service; fi
      LAUNCH[$key]+="$LAUNCH_MS "; STARTED[$key]+="${started:-?} "; RSS_IDLE[$key]+="$idle "; RSS_AFTER[$key]+="$after "
      REQ_SECONDS[$key]+="$seconds "
      printf '  %-6s %-22s launch %s: ready in %5s ms (Quarkus: started in %ss), RSS %s MB idle, %s MB after 1000 requests\n' \
        "$(label "$flavour")" "$module" "$rep" "$LAUNCH_MS" "${started:-?}" "$idle" "$after"
    done
  done
done

# ---- 3: sizes
declare -A SIZE_NATIVE=() SIZE_JVM=()
for module in "${MODULES[@]}"; do
  SIZE_NATIVE[$module]="$(mb "$(du -k --apparent-size "$(platform_native_executable "$module")" | cut -f1)")"
  SIZE_JVM[$module]="$(mb "$(du -sk --apparent-size "$ROOT/$module/target/quarkus-app" | cut -f1)")"
done
JDK_MB="$(mb "$(du -sk --apparent-size "$JAVA_HOME" | cut -f1)")"

# ---- 4: the headline figures with the whole platform of one flavour up (only with the gateway)
if selected gateway; then
  printf 'headline: %s entries for the list ...\n' "$ENTRIES"
  for flavour in "${FLAVOURS[@]}"; do seed_entries "$(db_of "$flavour" diary-service)" "$USER_ID" "$ENTRIES"; done
  TOKEN="$(platform_token "$USER_ID")" # fresh: the launches above may have taken a while
  BOUNDARY="dnevnik-bench-boundary"
  {
    printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="speech.ogg"\r\nContent-Type: audio/ogg\r\n\r\n' "$BOUNDARY"
    cat "$CLIP"
    printf -- '\r\n--%s--\r\n' "$BOUNDARY"
  } > "$WORK/body.bin"
  burst() { # PORT COUNT
    hey -n "$2" -c "$2" -m POST -t 120 -T "multipart/form-data; boundary=$BOUNDARY" -D "$WORK/body.bin" \
      -H "Authorization: Bearer $TOKEN" "http://localhost:$1/api/transcriptions"
  }
  run_wrk() { wrk -t2 -c"$CONNECTIONS" -d"$2" --latency -H "Authorization: Bearer $TOKEN" "$1"; }
  rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
  latency() { awk '$1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} END {print p50 " / " p99}' "$1"; }
  non2xx() { awk '/Non-2xx or 3xx responses:/ {n = $5} END {print n + 0}' "$1"; }
  socket_errors() { grep -o 'Socket errors:.*' "$1" | sed 's/Socket errors: //' || echo none; }
  cores() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v d="$DURATION" 'BEGIN {printf "%.2f", t / hz / d}'; }
  hey_total() { awk '/Total:/ {print $2; exit}' "$1"; }
  hey_pct() { awk -v p="$2%" '$1 == p {print $3}' "$1"; }
  declare -A ROUND_LINES=() CORES=() GW_MEM=()
  for round in $(seq 1 "$ROUNDS"); do
    for flavour in "${FLAVOURS[@]}"; do
      printf '  round %s, %s platform: start, warm up, measure ...\n' "$round" "$(label "$flavour")"
      up "$flavour" diary-service
      up "$flavour" transcription-service
      up "$flavour" gateway
      gw_port="$(port_of "$flavour" gateway)"
      via="http://localhost:$gw_port/api/entries?limit=20"
      count="$(items "$via" "$TOKEN")"
      [[ "$count" == 20 ]] || platform_die "sanity check failed: expected 20 entries from $via, got $count"
      run_wrk "$via" "${WARMUP_SECONDS}s" > /dev/null
      gw_pid="$(service_pid gateway)"; diary_pid="$(service_pid diary-service)"
      gw_before=$(cpu_ticks "$gw_pid"); diary_before=$(cpu_ticks "$diary_pid")
      run_wrk "$via" "${DURATION}s" > "$LOGS/wrk-$flavour-$round.txt"
      CORES[$flavour/$round]="$(cores $(($(cpu_ticks "$gw_pid") - gw_before))) / $(cores $(($(cpu_ticks "$diary_pid") - diary_before)))"
      for _ in $(seq 1 "$WARMUP_ROUNDS"); do burst "$gw_port" 200 > /dev/null; done
      burst "$gw_port" 200 > "$LOGS/hey-transcriptions-$flavour-$round.txt"
      GW_MEM[$flavour/$round]="$(rss_mb "$gw_pid") / $(peak_mb "$gw_pid")"
      down gateway; down transcription-service; down diary-service
      t_file="$LOGS/hey-transcriptions-$flavour-$round.txt"
      t_ok="$(awk '$1 == "[201]" {print $2}' "$t_file")"
      ROUND_LINES[$flavour]+="$(printf '    %-6s round %s: %s req/s (p50 / p99 %s), 200 transcriptions %s s, %s errors' \
        "$(label "$flavour")" "$round" "$(rps "$LOGS/wrk-$flavour-$round.txt")" "$(latency "$LOGS/wrk-$flavour-$round.txt")" \
        "$(hey_total "$t_file")" $((200 - ${t_ok:-0})))"$'\n'
    done
  done
  # the best round of each flavour: highest req/s for the list, lowest wall for the transcriptions
  best_wrk() { for r in $(seq 1 "$ROUNDS"); do printf '%s %s\n' "$(rps "$LOGS/wrk-$1-$r.txt")" "$r"; done | sort -n | tail -n 1 | cut -d' ' -f2; }
  best_hey() { for r in $(seq 1 "$ROUNDS"); do printf '%s %s\n' "$(hey_total "$LOGS/hey-transcriptions-$1-$r.txt")" "$r"; done | sort -n | head -n 1 | cut -d' ' -f2; }
  declare -A H=()
  for flavour in "${FLAVOURS[@]}"; do
    w="$LOGS/wrk-$flavour-$(best_wrk "$flavour").txt"
    r="$(best_hey "$flavour")"
    t="$LOGS/hey-transcriptions-$flavour-$r.txt"
    t_ok="$(awk '$1 == "[201]" {print $2}' "$t")"
    H[$flavour/rps]="$(rps "$w")"
    H[$flavour/lat]="$(latency "$w")"
    H[$flavour/err]="$(non2xx "$w") / $(socket_errors "$w")"
    H[$flavour/cores]="${CORES[$flavour/$(best_wrk "$flavour")]}"
    H[$flavour/wall]="$(hey_total "$t")"
    H[$flavour/ratio]="$(awk -v w="$(hey_total "$t")" 'BEGIN {printf "%.2f", w / 2.0}')"
    H[$flavour/tlat]="$(hey_pct "$t" 50) / $(hey_pct "$t" 99)"
    H[$flavour/terr]=$((200 - ${t_ok:-0}))
    H[$flavour/mem]="${GW_MEM[$flavour/$r]}"
  done
  LIST_RATIO="$(awk -v n="${H[native/rps]}" -v j="${H[jvm/rps]}" 'BEGIN {printf "%.1f", 100 * n / j}')"
fi

# ---- the tables
printf '\n'
$quick && printf '*** BENCH_QUICK: a smoke run (1 launch, short warm-ups) — not figures to quote ***\n'
printf 'native vs JVM per service  (launch: median of %s, curl every %s s; RSS %s s after ready and after 1 000\n' "$REPEATS" "$POLL" "$IDLE_SECONDS"
printf 'requests at 10 in flight; PostgreSQL %s embedded; %s cores)\n' "$PG_VERSION" "$(nproc)"
line='+-----------------------+---------+----------------------+------------+----------+-----------+-------------+-----------+'
printf '%s\n' "$line"
printf '| %-21s | %-7s | %20s | %10s | %8s | %9s | %11s | %9s |\n' service flavour 'launch to ready, ms' 'started in' 'RSS idle' 'RSS after' '1000 req, s' 'size, MB'
printf '%s\n' "$line"
for module in "${ALL_MODULES[@]}"; do
  selected "$module" || continue
  for flavour in "${FLAVOURS[@]}"; do
    key="$flavour/$module"
    range="$(span <<< "${LAUNCH[$key]}")"
    if [[ "$flavour" == jvm ]]; then size="${SIZE_JVM[$module]} +JDK"; name="$module"; else size="${SIZE_NATIVE[$module]}"; name=""; fi
    printf '| %-21s | %-7s | %20s | %9ss | %5s MB | %6s MB | %11s | %9s |\n' "$name" "$(label "$flavour")" \
      "$(median <<< "${LAUNCH[$key]}")${range:+ ($range)}" "$(median <<< "${STARTED[$key]}")" \
      "$(median <<< "${RSS_IDLE[$key]}")" "$(median <<< "${RSS_AFTER[$key]}")" "$(median <<< "${REQ_SECONDS[$key]}")" "$size"
  done
done
printf '%s\n' "$line"
printf 'launch to ready: from launching the process to the first 200 of /q/health/ready, schema already migrated; the\n'
printf '  gateway with the diary-service of its flavour up. "started in": what Quarkus logs. RSS: VmRSS, median.\n'
printf 'requests: gateway GET /api/entries?limit=20 (to diary-service), diary GET /entries?limit=20, transcription\n'
printf '  GET /transcriptions?limit=20, news GET /news?limit=20, sync GET /sync/sources?limit=20 (admin); all answered 200.\n'
printf '1000 req, s: how long hey took for them on the fresh process (cold: the JVM had not compiled them yet).\n'
printf 'size: native = the executable; JVM = target/quarkus-app, without the JDK it needs (%s: %s MB).\n' "$JAVA_HOME" "$JDK_MB"
if selected gateway; then
  printf '\n'
  printf 'headline figures, whole platform of one flavour up  (%s entries, %s connections, %s s after %s s warm-up;\n' \
    "$ENTRIES" "$CONNECTIONS" "$DURATION" "$WARMUP_SECONDS"
  printf '200 transcriptions after %s warm-up bursts, simulator at 2.0 s; best of %s alternating rounds)\n' "$WARMUP_ROUNDS" "$ROUNDS"
  line='+--------------------------------------------------+----------------------+----------------------+'
  printf '%s\n' "$line"
  printf '| %-48s | %20s | %20s |\n' measure JVM native
  printf '%s\n' "$line"
  row() { printf '| %-48s | %20s | %20s |\n' "$1" "${H[jvm/$2]}" "${H[native/$2]}"; }
  row "GET /api/entries?limit=20 via gateway, req/s" rps
  row "  latency p50 / p99" lat
  row "  non-2xx / socket errors" err
  row "  cores used: gateway / diary-service" cores
  printf '| %-48s | %20s | %19s%% |\n' "  native / JVM" "" "$LIST_RATIO"
  row "200 transcriptions via gateway: wall (s)" wall
  row "  wall / 2.0 s" ratio
  row "  p50 / p99 (s)" tlat
  row "  errors" terr
  row "gateway RSS after the run / peak, MB" mem
  printf '%s\n' "$line"
  printf 'every round:\n%s%s' "${ROUND_LINES[jvm]}" "${ROUND_LINES[native]}"
else
  printf '\nheadline figures: skipped (the gateway is not among BENCH_SERVICES)\n'
fi
printf 'JVM options (JAVA_OPTS): %s; native executables: their defaults (%s)\n' "${JAVA_OPTS:-(none: JVM defaults)}" \
  "$(grep -a -o -m 1 'Mandrel-[0-9.]*-[A-Za-z]*\|GraalVM [0-9][0-9.]*' "$(platform_native_executable "${MODULES[0]}")" | head -n 1 || echo '?')"
printf 'native executables built with the assembled GraalVM home (../shared/tools/graalvm) have no container support:\n'
printf '  they size heap and threads from the host, not from cgroup limits; quote their figures with that said.\n'
printf 'all processes (wrk/hey, services, PostgreSQL, simulator) share the same %s cores\n' "$(nproc)"
