#!/usr/bin/env bash
# Benchmark: how small and how fast to start each service can be — four ways to run the same build, in one run:
#   jvm     the packaged jar (target/quarkus-app) on the JVM's defaults (on this 24 GB host: G1, heap up to 1/4 of RAM)
#   tuned   the jar with the options chosen for a 256-512 MB container (FOOTPRINT_TUNED_OPTS, below): serial GC, a
#           small heap and young generation, smaller code cache and thread stacks
#   aot     tuned + the JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) that Quarkus
#           records while the module's @QuarkusIntegrationTests run against the jar (quarkus.package.jar.aot.enabled):
#           target/quarkus-app/app.aot
#   native  the GraalVM native executable (target/MODULE-*-runner) with FOOTPRINT_NATIVE_OPTS
#
#   bench/footprint.sh                  (BENCH_REPEATS=3; the headline adds BENCH_DURATION=15 BENCH_CONNECTIONS=50 BENCH_ROUNDS=2)
#   BENCH_QUICK=1 bench/footprint.sh    a smoke run: one launch each, short warm-ups; no figures
#   BENCH_NO_BUILD=1 bench/footprint.sh take the jars, AOT caches and executables as they are (no builds)
#   BENCH_SERVICES="diary-service news-service" bench/footprint.sh      only these (the gateway brings diary-service
#                                       along, to forward to)
#   BENCH_FLAVOURS="tuned aot" bench/footprint.sh                       only these of jvm tuned aot native
#   BENCH_HEADLINE=1 bench/footprint.sh the whole-platform figures (below) too, JVM (tuned) vs native
#
# What is missing is built first (unless BENCH_NO_BUILD): the jars (./mvnw install -DskipTests when sources are newer);
# the AOT caches with ./mvnw verify -pl MODULE -Dquarkus.package.jar.aot.enabled=true -DskipITs=false -DskipUnitTests
# (its integration tests are the training run: ~1-2 min per service; the gateway's, PlatformIT, starts all five
# services); the native executables are never built here (~6 min and 6 GB each: README, Native executables) — without
# them the native flavour is left out, and the table says so. A jar rebuilt after its AOT cache was recorded makes the
# cache stale: the JVM then ignores it (it warns) — so the aot flavour runs with -XX:AOTMode=on, which refuses to start
# instead of measuring a JVM without its cache.
#
# Per service (gateway, transcription-service, diary-service, news-service, sync-service) and flavour; the JVM flavours
# share one set of databases, the native one has its own (dnevnik_bench_jvm_diary, dnevnik_bench_native_diary, ...):
# 1. launch to ready: wall time from launching the process until GET /q/health/ready first answers 200 (curl every
#    BENCH_POLL = 0.01 s), median of BENCH_REPEATS launches, the flavours alternating. A first launch, not counted,
#    migrates the schema and seeds the data, so the counted launches start on a migrated database. Each service runs
#    alone — except that the gateway has a diary-service (tuned JVM, or native for the native gateway) up to forward to.
# 2. RSS (VmRSS) idle, BENCH_IDLE_SECONDS after ready, and after 1 000 requests (hey -n 1000 -c 10) of one
#    authenticated read on that fresh process (and, after them, the anonymous part of the RSS: what the process
#    allocated itself, as opposed to the file pages it maps): diary GET /entries?limit=20 (300 entries seeded), transcription
#    GET /transcriptions?limit=20 (300 transcripts), news GET /news?limit=20 (300 items), sync GET /sync/sources?limit=20
#    (30 sources, admin token), gateway GET /api/entries?limit=20 forwarded to diary-service. Every one of the 1 000
#    must answer 200, or the script stops and shows hey's distribution. The goals (issue 12) are printed beside: a JVM
#    ready in under 1 s and under 150 MB after the 1 000 requests; a native executable under 100 ms and 60 MB.
# 3. size: the native executable vs target/quarkus-app (the JDK the jar needs is not included; its size is printed),
#    the AOT cache apart.
# 4. with BENCH_HEADLINE=1, the headline figures of bench/gateway.sh with the whole platform of one flavour up (gateway,
#    diary-service, transcription-service; the speech-to-text SIMULATOR at 2.0 s), tuned JVM vs native:
#    GET /api/entries?limit=20 through the gateway with wrk (BENCH_CONNECTIONS, BENCH_DURATION s after a
#    BENCH_WARMUP_SECONDS warm-up; BENCH_ENTRIES entries), and 200 concurrent transcriptions through the gateway after
#    BENCH_WARMUP_ROUNDS warm-up bursts of 200. BENCH_ROUNDS rounds, the flavours alternating, each on a freshly
#    started platform; the best round of each flavour is shown, every round's figures below the table.
# The rate limits are raised (the bucket check still runs on every request), as in bench/gateway.sh.
#
# Ports: flavour n (jvm 0, tuned 1, aot 2, native 3) on BENCH_PORT_BASE (18080) + 100 n + 0..4 (gateway,
# transcription, diary, news, sync), the simulator on BENCH_SIMULATOR_PORT (18091), the embedded PostgreSQL on
# BENCH_PG_PORT (15493) — none of them a running ./dnevnik's.
#
# Native figures from executables built with this workplace's assembled GraalVM home (../shared/tools/graalvm) come
# from images without container support (-H:-UseContainerSupport): they size heap and threads from the host's memory
# and CPUs, not a container's limits. Say so wherever they are quoted; a standard GraalVM/Mandrel has no such limit.
# Needs: hey, psql, curl (and wrk for the headline) (Debian: apt-get install hey postgresql-client curl wrk), a JDK 25
# for the AOT cache (21+ otherwise), the packaged services and, for the native flavour, their executables.
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
PORT_BASE="${BENCH_PORT_BASE:-18080}"
SIM_PORT="${BENCH_SIMULATOR_PORT:-18091}"
PG_PORT="${BENCH_PG_PORT:-15493}"
READY_TIMEOUT="${DNEVNIK_READY_TIMEOUT:-180}"
HEADLINE="${BENCH_HEADLINE:-0}"
# the tuned JVM: the options the launcher, the Dockerfiles and the manifests use (lib/platform.sh says why these)
TUNED_OPTS="${FOOTPRINT_TUNED_OPTS:-$PLATFORM_JVM_OPTS}"
NATIVE_OPTS="${FOOTPRINT_NATIVE_OPTS:-$PLATFORM_NATIVE_OPTS}"
SEED=300             # rows per service for the 1 000-request reads
SOURCES=30           # sync sources
ALL_FLAVOURS=(jvm tuned aot native)
ALL_MODULES=(gateway transcription-service diary-service news-service sync-service)
read -r -a FLAVOURS <<< "$(tr ',' ' ' <<< "${BENCH_FLAVOURS:-${ALL_FLAVOURS[*]}}")"
for flavour in "${FLAVOURS[@]}"; do
  [[ " ${ALL_FLAVOURS[*]} " == *" $flavour "* ]] || platform_die "BENCH_FLAVOURS: unknown flavour $flavour (of: ${ALL_FLAVOURS[*]})"
done
read -r -a SELECTED <<< "$(tr ',' ' ' <<< "${BENCH_SERVICES:-${ALL_MODULES[*]}}")"
for module in "${SELECTED[@]}"; do
  [[ " ${ALL_MODULES[*]} " == *" $module "* ]] || platform_die "BENCH_SERVICES: unknown service $module (one of: ${ALL_MODULES[*]})"
done
[[ " ${SELECTED[*]} " == *" gateway "* ]] && SELECTED+=(diary-service transcription-service) # what it fronts here
selected() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
measured() { [[ " ${FLAVOURS[*]} " == *" $1 "* ]]; }
# the order of the launch measurements: diary-service first, whose seeded database the gateway then reads through
MODULES=()
for module in diary-service transcription-service news-service sync-service gateway; do
  if selected "$module"; then MODULES+=("$module"); fi
done
CLIP="$ROOT/transcription-service/src/test/resources/audio/speech.ogg"

# ---- the native executables are never built here: without one per service the native flavour is left out
NATIVE_NOTE=""
if measured native; then
  missing=()
  for module in "${MODULES[@]}"; do
    platform_native_executable "$module" > /dev/null || missing+=("$module")
  done
  if ((${#missing[@]} > 0)); then
    NATIVE_NOTE="native: NOT MEASURED — no executable for ${missing[*]} (./mvnw package -Dnative -DskipTests, README \"Native executables\")"
    printf '%s\n' "$NATIVE_NOTE"
    read -r -a FLAVOURS <<< "$(printf '%s ' "${FLAVOURS[@]}" | sed 's/\bnative\b//')"
  fi
fi
((${#FLAVOURS[@]} > 0)) || platform_die "nothing to measure"
if [[ "$HEADLINE" != 0 ]] && ! { measured tuned && measured native && selected gateway; }; then
  platform_die "BENCH_HEADLINE=1 compares the tuned JVM with native executables through the gateway: it needs both flavours and the gateway"
fi

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

tools=(hey psql curl)
[[ "$HEADLINE" != 0 ]] && tools+=(wrk)
bench_begin footprint "${tools[@]}"
WORK="$BENCH_WORK"
LOGS="$PLATFORM_LOGS"
for module in "${MODULES[@]}"; do
  [[ -f "$(platform_service_jar "$module")" ]] \
    || platform_die "$module is not packaged ($(platform_service_jar "$module") is missing): run ./mvnw install -DskipTests, or this script without BENCH_NO_BUILD"
  if measured native; then
    runner="$(platform_native_executable "$module")"
    mapfile -t source_dirs < <(module_dirs "$module")
    newer="$(find "${source_dirs[@]}" -path '*/target' -prune -o -path '*/src/main/docker' -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$runner" -print -quit)"
    [[ -z "$newer" ]] || printf 'warning: %s is older than %s: JVM and native may not be the same code\n' \
      "${runner#"$ROOT"/}" "${newer#"$ROOT"/}"
  fi
done
# ---- the AOT caches: recorded by the modules' integration tests (the gateway's last: PlatformIT runs the others' jars)
if measured aot; then
  for module in "${MODULES[@]}"; do
    platform_aot_cache "$module" > /dev/null && continue
    [[ "${BENCH_NO_BUILD:-0}" == 0 ]] || platform_die "$module has no AOT cache as new as its jar (BENCH_NO_BUILD is set)"
    printf '%s: recording the AOT cache (its integration tests against the jar) ...\n' "$module"
    platform_build_aot_cache "$module"
  done
  # a cache recorded before another module's build may have been made stale by it: all must still be valid
  for module in "${MODULES[@]}"; do
    platform_aot_cache "$module" > /dev/null || platform_die "$module's AOT cache is older than its jar"
  done
fi

# ---- what runs where
short() { local s="${1%-service}"; printf '%s' "$s"; }
flavour_index() {
  local i
  for i in "${!ALL_FLAVOURS[@]}"; do [[ "${ALL_FLAVOURS[$i]}" == "$1" ]] && { printf '%s' "$i"; return; }; done
  platform_die "unknown flavour $1"
}
port_of() { # FLAVOUR MODULE
  local offset
  case "$2" in
    gateway) offset=0 ;; transcription-service) offset=1 ;; diary-service) offset=2 ;;
    news-service) offset=3 ;; sync-service) offset=4 ;;
    *) platform_die "unknown module $2" ;;
  esac
  printf '%s' $((PORT_BASE + 100 * $(flavour_index "$1") + offset))
}
family() { [[ "$1" == native ]] && printf native || printf jvm; } # the JVM flavours run the same jar on one database
db_of() { printf 'dnevnik_bench_%s_%s' "$(family "$1")" "$(short "$2")"; }
label() {
  case "$1" in
    jvm) printf 'JVM, defaults' ;; tuned) printf 'JVM, tuned' ;; aot) printf 'tuned + AOT' ;; native) printf 'native' ;;
  esac
}

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
    platform_die "port $port (for $(label "$1") $2) is taken; set BENCH_PORT_BASE to another base"
  fi
}
launch() { # FLAVOUR MODULE: starts it (not waiting)
  local port db env=()
  port="$(port_of "$1" "$2")"
  db="$(db_of "$1" "$2")"
  mapfile -t env < <(service_env "$1" "$2")
  case "$1" in
    jvm) JAVA_OPTS="" platform_start_service "$2" "$port" "$db" "${env[@]}" ;;
    tuned) JAVA_OPTS="$TUNED_OPTS" platform_start_service "$2" "$port" "$db" "${env[@]}" ;;
    # AOTMode=on: a stale or unusable cache stops the launch instead of silently measuring a JVM without it
    aot) JAVA_OPTS="$TUNED_OPTS -XX:AOTMode=on -XX:AOTCache=$(platform_aot_cache "$2")" \
      platform_start_service "$2" "$port" "$db" "${env[@]}" ;;
    native) NATIVE_OPTS="$NATIVE_OPTS" platform_start_native "$2" "$port" "$db" "${env[@]}" ;;
  esac
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
# the anonymous part of the RSS: what the process itself allocated (heap, metaspace, code cache, stacks, malloc);
# the rest is file pages (libjvm, the CDS/AOT archive, jars; a native executable's code and image heap) that the
# kernel shares between processes mapping the same file and can drop under pressure
anon_mb() { awk '/^RssAnon/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
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

# ---- PostgreSQL (one database per service and flavour family), the simulator, tokens
databases="$(for f in "${FLAVOURS[@]}"; do for m in "${MODULES[@]}"; do db_of "$f" "$m"; echo; done; done | sort -u | paste -sd, -)"
platform_start_postgres "$PG_PORT" "$databases"
bench_psql_env
PG_VERSION="$(psql -d postgres -Atc 'show server_version')"
platform_start_simulator "$SIM_PORT" 2s
USER_ID="$(cat /proc/sys/kernel/random/uuid)"
TOKEN="$(platform_token "$USER_ID")"
ADMIN_TOKEN="$(platform_token "$(cat /proc/sys/kernel/random/uuid)" --admin)"
printf 'flavours: %s\n  tuned JVM options: %s\n  native options: %s\n' "${FLAVOURS[*]}" "$TUNED_OPTS" "${NATIVE_OPTS:-(none)}"

# ---- 1 + 2: launch to ready, RSS idle and after 1 000 requests, per service and flavour
declare -A LAUNCH=() STARTED=() RSS_IDLE=() RSS_AFTER=() ANON_AFTER=() REQ_SECONDS=()
for module in "${MODULES[@]}"; do
  printf '%s: migrating and seeding ...\n' "$module"
  seeded=" "
  for flavour in "${FLAVOURS[@]}"; do
    [[ "$seeded" == *" $(family "$flavour") "* ]] && continue
    seeded+="$(family "$flavour") "
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
      anon="$(anon_mb "$pid")"
      seconds="$(awk '/Total:/ {printf "%.2f", $2; exit}' "$LOGS/hey-$flavour-$module-$rep.txt")"
      down "$module"
      if [[ "$module" == gateway ]]; then down diary-service; fi
      LAUNCH[$key]+="$LAUNCH_MS "; STARTED[$key]+="${started:-?} "; RSS_IDLE[$key]+="$idle "; RSS_AFTER[$key]+="$after "
      ANON_AFTER[$key]+="$anon "; REQ_SECONDS[$key]+="$seconds "
      printf '  %-13s %-22s launch %s: ready in %5s ms (Quarkus: started in %ss), RSS %s MB idle, %s MB after 1000 requests (%s MB anon)\n' \
        "$(label "$flavour")" "$module" "$rep" "$LAUNCH_MS" "${started:-?}" "$idle" "$after" "$anon"
    done
  done
done

MEASURED_FLAVOURS=("${FLAVOURS[@]}")
# ---- 3: sizes
declare -A SIZE=()
for module in "${MODULES[@]}"; do
  # the application without its AOT cache (and the AppCDS archive the aot-jar packaging also writes), then the cache
  SIZE[jvm/$module]="$(mb "$(du -sk --apparent-size --exclude=app.aot --exclude=app-cds.jsa "$ROOT/$module/target/quarkus-app" | cut -f1)") +JDK"
  SIZE[tuned/$module]="${SIZE[jvm/$module]}"
  if measured aot; then SIZE[aot/$module]="+ $(mb "$(du -k --apparent-size "$(platform_aot_cache "$module")" | cut -f1)") cache"; fi
  if measured native; then SIZE[native/$module]="$(mb "$(du -k --apparent-size "$(platform_native_executable "$module")" | cut -f1)")"; fi
done
JDK_MB="$(mb "$(du -sk --apparent-size "$JAVA_HOME" | cut -f1)")"

# ---- 4: the headline figures with the whole platform of one flavour up (BENCH_HEADLINE=1): tuned JVM vs native
if [[ "$HEADLINE" != 0 ]]; then
  FLAVOURS=(tuned native)
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
  LIST_RATIO="$(awk -v n="${H[native/rps]}" -v j="${H[tuned/rps]}" 'BEGIN {printf "%.1f", 100 * n / j}')"
fi

# ---- the tables
goal() { # FLAVOUR LAUNCH_MS RSS_AFTER_MB: whether the issue's goal is met
  local ms="${2%%.*}" mb="${3%%.*}" max_ms=1000 max_mb=150
  [[ "$1" == native ]] && { max_ms=100; max_mb=60; }
  [[ "$ms" =~ ^[0-9]+$ && "$mb" =~ ^[0-9]+$ ]] || { printf '?'; return; }
  if ((ms < max_ms && mb < max_mb)); then printf 'met'
  else
    printf 'missed:%s%s' "$( ((ms >= max_ms)) && printf ' time')" "$( ((mb >= max_mb)) && printf ' RSS')"
  fi
}
printf '\n'
$quick && printf '*** BENCH_QUICK: a smoke run (1 launch, short warm-ups) — not figures to quote ***\n'
printf 'footprint per service  (launch: median of %s, curl every %s s; RSS %s s after ready and after 1 000\n' "$REPEATS" "$POLL" "$IDLE_SECONDS"
printf 'requests at 10 in flight; PostgreSQL %s embedded; %s cores; goal: JVM < 1000 ms and < 150 MB, native < 100 ms and < 60 MB)\n' "$PG_VERSION" "$(nproc)"
line='+-----------------------+---------------+----------------------+------------+----------+-----------+------------+-------------+----------------+-------------------+'
printf '%s\n' "$line"
printf '| %-21s | %-13s | %20s | %10s | %8s | %9s | %10s | %11s | %14s | %-17s |\n' service flavour 'launch to ready, ms' 'started in' 'RSS idle' 'RSS after' 'of it anon' '1000 req, s' 'size, MB' goal
printf '%s\n' "$line"
for module in "${ALL_MODULES[@]}"; do
  selected "$module" || continue
  name="$module"
  for flavour in "${MEASURED_FLAVOURS[@]}"; do
    key="$flavour/$module"
    range="$(span <<< "${LAUNCH[$key]}")"
    launch_ms="$(median <<< "${LAUNCH[$key]}")"
    after_mb="$(median <<< "${RSS_AFTER[$key]}")"
    printf '| %-21s | %-13s | %20s | %9ss | %5s MB | %6s MB | %7s MB | %11s | %14s | %-17s |\n' "$name" "$(label "$flavour")" \
      "$launch_ms${range:+ ($range)}" "$(median <<< "${STARTED[$key]}")" \
      "$(median <<< "${RSS_IDLE[$key]}")" "$after_mb" "$(median <<< "${ANON_AFTER[$key]}")" "$(median <<< "${REQ_SECONDS[$key]}")" "${SIZE[$key]}" \
      "$(goal "$flavour" "$launch_ms" "$after_mb")"
    name=""
  done
done
printf '%s\n' "$line"
[[ -z "$NATIVE_NOTE" ]] || printf '%s\n' "$NATIVE_NOTE"
printf 'launch to ready: from launching the process to the first 200 of /q/health/ready, schema already migrated; the\n'
printf '  gateway with the diary-service of its flavour up. "started in": what Quarkus logs. RSS: VmRSS, median.\n'
printf 'of it anon: RssAnon after the requests, the memory the process allocated itself (heap, metaspace, code, stacks,\n'
printf '  malloc); the rest of the RSS is file pages (libjvm, the CDS/AOT archive, jars; the executable) that processes\n'
printf '  mapping the same file share and the kernel can drop. The goal is read on the whole RSS.\n'
printf 'requests: gateway GET /api/entries?limit=20 (to diary-service), diary GET /entries?limit=20, transcription\n'
printf '  GET /transcriptions?limit=20, news GET /news?limit=20, sync GET /sync/sources?limit=20 (admin); all answered 200.\n'
printf '1000 req, s: how long hey took for them on the fresh process (cold: the JVM had not compiled them yet).\n'
printf 'size: native = the executable; JVM = target/quarkus-app without the JDK it needs (%s: %s MB); aot = the cache.\n' "$JAVA_HOME" "$JDK_MB"
printf 'JVM, defaults: no options (this host: %s cores, %s GB: %s). JVM, tuned: %s\n' "$(nproc)" \
  "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)" \
  "$("$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" {h = $4} $2 ~ /^Use(G1|Serial|Parallel|Z)GC$/ && $4 == "true" {g = $2} END {printf "%s, max heap %.0f MB", g, h / 1048576}')" \
  "$TUNED_OPTS"
printf 'tuned + AOT: the same with -XX:AOTMode=on -XX:AOTCache=target/quarkus-app/app.aot (%s)\n' "$("$JAVA" -version 2>&1 | sed -n 2p)"
if measured native; then
  printf 'native: options %s; built with %s\n' "${NATIVE_OPTS:-(none)}" \
    "$(grep -a -o -m 1 'Mandrel-[0-9.]*-[A-Za-z]*\|GraalVM [0-9][0-9.]*' "$(platform_native_executable "${MODULES[0]}")" | head -n 1 || echo '?')"
  printf 'native executables built with the assembled GraalVM home (../shared/tools/graalvm) have no container support:\n'
  printf '  they size heap and threads from the host, not from cgroup limits; quote their figures with that said.\n'
fi
if [[ "$HEADLINE" != 0 ]]; then
  printf '\n'
  printf 'headline figures, whole platform of one flavour up  (%s entries, %s connections, %s s after %s s warm-up;\n' \
    "$ENTRIES" "$CONNECTIONS" "$DURATION" "$WARMUP_SECONDS"
  printf '200 transcriptions after %s warm-up bursts, simulator at 2.0 s; best of %s alternating rounds)\n' "$WARMUP_ROUNDS" "$ROUNDS"
  line='+--------------------------------------------------+----------------------+----------------------+'
  printf '%s\n' "$line"
  printf '| %-48s | %20s | %20s |\n' measure 'JVM, tuned' native
  printf '%s\n' "$line"
  row() { printf '| %-48s | %20s | %20s |\n' "$1" "${H[tuned/$2]}" "${H[native/$2]}"; }
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
  printf 'every round:\n%s%s' "${ROUND_LINES[tuned]}" "${ROUND_LINES[native]}"
fi
printf 'all processes (hey/wrk, services, PostgreSQL, simulator) share the same %s cores\n' "$(nproc)"
