#!/usr/bin/env bash
# k8s/monitoring/live-proof.sh - the monitoring proven against the live platform (issue 12).
#
#   k8s/monitoring/live-proof.sh [--keep] [--build]
#
# Starts the platform (lib/platform.sh, as the benchmarks do: a state directory under /tmp, stopped and deleted on
# exit), a real Prometheus (the Debian package's binary, on its own free port, config and storage in the state
# directory) scraping the five services' /q/metrics every 2 s with the labels the ServiceMonitors give (service,
# namespace=dnevnik, pod, the gateway's exported_service renamed downstream: README.md, "Labels") and evaluating the
# PrometheusRules' groups every 2 s (rules/*.yaml, extracted as the k8s module's PromtoolFiles does). Then drives traffic through the
# gateway, failures included:
#   diary       entries created (one replayed), listed, searched, read; 400, 401, 404 (unknown and another user's)
#   auth        dev sign-ins past the auth rate limit (RATE_LIMIT_AUTH=3): 429s
#   stt         primary = the devtools SIMULATOR failing 30 % of the attempts with 500 and 20 % with 429
#               (retry-after 1); secondary = a stub (live-proof-stubs.py) that answers; bulkheads of 2 + 1 queued, so
#               a burst of 8 is partly refused (failovers, 503s); a 415; voice entries
#   news        RSS feeds (bench/feed-server.py) added and refreshed, one feed that 404s; an iCalendar import that
#               works and one that 404s (a failed job); digests with a chat-completions stub that is flaky
#               (429, 500, 200 in turn, a bulkhead of 1 + 1) and then down (503: the extractive fallback, the
#               circuit opens)
#   sync        sources of bench/programs-server.py: a slow run whose sync-service is killed (SIGKILL) mid-run, its
#               routes called while it is down (gateway retries, unreachable, circuit), the run rescued by the
#               restarted service after its lease (JOBS_LEASE=5s); a run through 429s (retries); one refused with
#               401 (a failed run)
# and finally asks Prometheus' HTTP API, at one instant:
#   /api/v1/targets   all five targets up
#   /api/v1/rules     every rule loaded and evaluated without error; each alert's state
#   /api/v1/query     every recording rule's expression; every alert's expression and its SIGNAL (below); every
#                     dashboard panel query and every template variable (label_values(selector, label) as
#                     /api/v1/series of the selector), with Grafana's variables replaced: $__rate_interval by
#                     LIVE_PROOF_RATE_INTERVAL (default 1m), $namespace by what its variable query finds (dnevnik),
#                     the multi-value variables by their "All" value (allValue)
# An alert's expression is normally empty (it fires only past its threshold), so its signal is checked instead: the
# expression is split at its top-level and/or/unless (and the parentheses around them), and from each operand the
# comparisons against a number are dropped ("x * 60 > 1" -> "x * 60"; "label_replace(m > 2, ...)" ->
# "label_replace(m, ...)"); every operand must return data. The alert's own expression is reported as "condition
# true/false now" together with its state in /api/v1/rules; neither is a failure.
# A query that returns nothing is a FAILURE, except one whose metrics exist only in Kubernetes (kube-state-metrics'
# kube_*, cAdvisor's container_*): reported "N/A local", never silently. Prints a table (source, query, result) and a
# summary; exit 0 when nothing failed, 1 otherwise, 77 (SKIPPED) without prometheus.
#
# --keep keeps the state directory (Prometheus' data, its config and rule files, each query's JSON answer in
# queries/, each service's /q/metrics after the traffic in metrics/, the logs) and prints where it is.
#
# --build packages the modules first (./mvnw -DskipTests package, never install), as is done anyway when a service's
# jar is missing: the proof runs the packaged services as they are, so rebuild after changing them.
#
# Needs: prometheus (Debian: apt-get install prometheus), python3 with PyYAML (python3-yaml), curl, a JDK 21+.
# Takes 1.5 minutes on 2 idle cores (the services start in parallel), more on a busy machine; at most ~6.
# Ports: 19080.. (LIVE_PROOF_PORT_BASE), moved up by 100 while any of them is taken; loopback only.
set -euo pipefail

MON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$MON_DIR/../.." && pwd)"
# shellcheck source=SCRIPTDIR/../../lib/platform.sh
source "$ROOT/lib/platform.sh"

KEEP=false
BUILD=false
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=true ;;
    --build) BUILD=true ;;
    *) echo "usage: k8s/monitoring/live-proof.sh [--keep] [--build]" >&2; exit 2 ;;
  esac
done

if ! command -v prometheus > /dev/null 2>&1; then
  echo "SKIPPED: prometheus is not installed (Debian: apt-get install prometheus)"
  exit 77
fi
command -v curl > /dev/null || platform_die "curl is needed (apt-get install curl)"
python3 -c 'import yaml' 2> /dev/null || { echo "SKIPPED: python3 with PyYAML is needed (apt-get install python3-yaml)"; exit 77; }

STARTED=$SECONDS
RATE_INTERVAL="${LIVE_PROOF_RATE_INTERVAL:-1m}"
STATE="$(mktemp -d /tmp/dnevnik-live-proof.XXXXXX)"
# shellcheck disable=SC2317 # called by the trap
finish() {
  local status=$?
  platform_stop_all > /dev/null 2>&1 || true
  if $KEEP; then
    printf 'kept: %s (prometheus/, queries/, metrics/, logs/)\n' "$STATE"
  else
    rm -rf "$STATE"
  fi
  exit "$status"
}
trap finish EXIT

# ---------------------------------------------------------------------------------------------------- ports
BASE="${LIVE_PROOF_PORT_BASE:-19080}"
ports_of() {
  local b="$1"
  GW=$b TR=$((b + 1)) DI=$((b + 2)) NE=$((b + 3)) SY=$((b + 4)) PROM=$((b + 10)) SIM=$((b + 11)) STUBS=$((b + 12))
  FEEDS=$((b + 13)) PARTNER=$((b + 14)) PG=$((b + 20))
}
ports_free() {
  local port
  ports_of "$1"
  for port in "$GW" "$TR" "$DI" "$NE" "$SY" "$PROM" "$SIM" "$STUBS" "$FEEDS" "$PARTNER" "$PG"; do
    platform_port_busy "$port" && return 1
  done
  return 0
}
for _ in $(seq 10); do
  ports_free "$BASE" && break
  BASE=$((BASE + 100))
done
ports_free "$BASE" || platform_die "no free ports found from ${LIVE_PROOF_PORT_BASE:-19080} on"

# ---------------------------------------------------------------------------------------------------- the platform
SERVICES=(transcription-service diary-service news-service sync-service gateway)
missing=""
for module in devtools "${SERVICES[@]}"; do
  if [[ "$module" == devtools ]]; then jar="$ROOT/devtools/target/devtools.jar"; else jar="$(platform_service_jar "$module")"; fi
  [[ -f "$jar" ]] || missing="$missing $module"
done
mkdir -p "$STATE/logs"
if [[ -n "$missing" ]] || $BUILD; then
  # package, never install: the build stays in this checkout
  printf 'Building (%s) with ./mvnw -DskipTests package ...\n' "${missing:+missing:}${missing:-asked for}"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) > "$STATE/logs/build.log" 2>&1 \
    || { tail -n 40 "$STATE/logs/build.log" >&2; platform_die "build failed; log in $STATE/logs/build.log"; }
fi
platform_init "$STATE" --no-build
LOGS="$PLATFORM_LOGS"
say() { printf '[%3ds] %s\n' $((SECONDS - STARTED)) "$*"; }

say "ports from $BASE: gateway $GW, services $TR-$SY, Prometheus $PROM, PostgreSQL $PG"
platform_start_postgres "$PG" dnevnik_transcription,dnevnik_diary,dnevnik_news,dnevnik_sync,dnevnik_gateway > /dev/null
# the failing primary speech-to-text provider: the devtools SIMULATOR, 300 ms, 30 % 500s and 20 % 429s
platform_start_simulator "$SIM" 300ms 0.3 0.2
platform_launch stubs python3 "$MON_DIR/live-proof-stubs.py" "$STUBS"
platform_launch feed-server python3 "$ROOT/bench/feed-server.py" "$FEEDS" 3 20
platform_launch programs-server python3 "$ROOT/bench/programs-server.py" "$PARTNER"
for port in "$STUBS" "$FEEDS" "$PARTNER"; do
  for _ in $(seq 50); do platform_port_busy "$port" && break; sleep 0.1; done
  platform_port_busy "$port" || platform_die "a stand-in did not start on port $port; logs in $LOGS"
done

service_env() {
  case "$1" in
    transcription-service)
      printf '%s\n' "STT_PRIMARY_BASE_URL=http://127.0.0.1:$SIM/v1" STT_PRIMARY_API_KEY=simulator STT_PRIMARY_NAME=simulator \
        "STT_SECONDARY_BASE_URL=http://127.0.0.1:$STUBS/stt/v1" STT_SECONDARY_API_KEY=stub STT_SECONDARY_NAME=stub \
        STT_MAX_CONCURRENT=2 STT_QUEUE_SIZE=1 ;;
    news-service)
      printf '%s\n' FEEDS_ALLOWED_PRIVATE_NETWORKS=127.0.0.0/8 "LLM_BASE_URL=http://127.0.0.1:$STUBS/llm/v1" \
        LLM_API_KEY=stub LLM_MODEL=live-proof-stub LLM_MAX_CONCURRENT=1 LLM_QUEUE_SIZE=1 JOBS_LEASE=5s ;;
    sync-service)
      printf '%s\n' JOBS_LEASE=5s PROOF_PARTNER_USER=bench PROOF_PARTNER_PASSWORD=secret PROOF_PARTNER_WRONG=wrong ;;
    gateway)
      printf '%s\n' "JWT_PRIVATE_KEY_LOCATION=$PLATFORM_KEYS/dev-private.pem" DEV_LOGIN=true \
        "TRANSCRIPTION_SERVICE_URL=http://127.0.0.1:$TR" "DIARY_SERVICE_URL=http://127.0.0.1:$DI" \
        "NEWS_SERVICE_URL=http://127.0.0.1:$NE" "SYNC_SERVICE_URL=http://127.0.0.1:$SY" \
        RATE_LIMIT_AUTH=3 RATE_LIMIT_TRANSCRIPTIONS=100000 RATE_LIMIT_DEFAULT=100000 ;;
  esac
}
port_of() {
  case "$1" in
    gateway) echo "$GW" ;; transcription-service) echo "$TR" ;; diary-service) echo "$DI" ;;
    news-service) echo "$NE" ;; sync-service) echo "$SY" ;;
  esac
}
database_of() { local name="${1%-service}"; echo "dnevnik_$name"; }
start_service() {
  local env=()
  mapfile -t env < <(service_env "$1")
  platform_start_service "$1" "$(port_of "$1")" "$(database_of "$1")" "${env[@]}"
}
say "starting the five services ..."
for service in "${SERVICES[@]}"; do start_service "$service"; done
for service in "${SERVICES[@]}"; do
  platform_wait_ready "$service" "$(port_of "$service")" || platform_die "$service did not get ready; log: $LOGS/$service.log"
done
say "the platform is ready"

# ---------------------------------------------------------------------------------------------------- Prometheus
mkdir -p "$STATE/prometheus/rules" "$STATE/queries"
python3 - "$MON_DIR" "$STATE/prometheus" "$GW" "$TR" "$DI" "$NE" "$SY" <<'PYTHON'
import glob, os, sys
import yaml

mon, out = sys.argv[1], sys.argv[2]
ports = dict(zip(["gateway", "transcription-service", "diary-service", "news-service", "sync-service"], sys.argv[3:8]))
jobs = []
for service, port in ports.items():
    job = {"job_name": service, "metrics_path": "/q/metrics", "scrape_interval": "2s", "scrape_timeout": "2s",
           "static_configs": [{"targets": [f"127.0.0.1:{port}"],
                               "labels": {"service": service, "namespace": "dnevnik", "pod": f"{service}-local"}}]}
    if service == "gateway":   # the gateway ServiceMonitor's metricRelabelings
        job["metric_relabel_configs"] = [{"source_labels": ["exported_service"], "target_label": "downstream"},
                                         {"action": "labeldrop", "regex": "exported_service"}]
    jobs.append(job)
names = []
for path in sorted(glob.glob(os.path.join(mon, "rules", "*.yaml"))):
    for doc in yaml.safe_load_all(open(path, encoding="utf-8")):
        if doc and doc.get("kind") == "PrometheusRule":    # the spec's groups, as the k8s module's tests extract them
            name = f'{doc["metadata"]["name"]}.rules.yaml'
            with open(os.path.join(out, "rules", name), "w", encoding="utf-8") as f:
                yaml.safe_dump({"groups": doc["spec"]["groups"]}, f, sort_keys=False, allow_unicode=True)
            names.append(name)
config = {"global": {"scrape_interval": "2s", "evaluation_interval": "2s"},
          "rule_files": ["rules/dnevnik-*.rules.yaml"], "scrape_configs": jobs}
with open(os.path.join(out, "prometheus.yml"), "w", encoding="utf-8") as f:
    yaml.safe_dump(config, f, sort_keys=False)
PYTHON
platform_launch prometheus prometheus --config.file="$STATE/prometheus/prometheus.yml" \
  --storage.tsdb.path="$STATE/prometheus/data" --storage.tsdb.retention.time=1d \
  --web.listen-address="127.0.0.1:$PROM" --web.enable-lifecycle
PROM_URL="http://127.0.0.1:$PROM"
for _ in $(seq 120); do
  [[ "$(platform_http_status "$PROM" /-/ready)" == 200 ]] && break
  platform_alive prometheus || { tail -n 20 "$LOGS/prometheus.log" >&2; platform_die "Prometheus did not start"; }
  sleep 0.5
done
say "Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 {print $3}') scrapes the five services on $PROM_URL"

# ---------------------------------------------------------------------------------------------------- traffic
G="http://127.0.0.1:$GW"
USER_ID="$(cat /proc/sys/kernel/random/uuid)"
USER_TOKEN="$(platform_token "$USER_ID")"
OTHER_TOKEN="$(platform_token "$(cat /proc/sys/kernel/random/uuid)")"
ADMIN_TOKEN="$(platform_token "$(cat /proc/sys/kernel/random/uuid)" --admin)"
CLIP="$ROOT/transcription-service/src/test/resources/audio/speech.ogg"
TRAFFIC="$STATE/traffic.log"
: > "$TRAFFIC"

# call LABEL METHOD PATH TOKEN [curl arguments...]: the status on stdout, the body in $STATE/body, the headers in
# $STATE/headers; the status is also logged under LABEL for the traffic summary
call() {
  local label="$1" method="$2" path="$3" token="$4" status
  shift 4
  local auth=()
  [[ -n "$token" ]] && auth=(-H "Authorization: Bearer $token")
  status="$(curl -s -o "$STATE/body" -D "$STATE/headers" -w '%{http_code}' -X "$method" --max-time 180 "${auth[@]}" \
    "$@" "$G$path" || true)"
  printf '%s %s\n' "$label" "$status" >> "$TRAFFIC"
  printf '%s' "$status"
}
json_field() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$STATE/body" "$1"; }
location() { grep -i '^location:' "$STATE/headers" | tr -d '\r' | awk '{print $2}' | sed 's|^https\?://[^/]*||'; }
# poll PATH TOKEN FIELD SECONDS: until the JSON field is one of the final states
poll() {
  local path="$1" token="$2" field="$3" deadline=$((SECONDS + $4)) state=""
  while (( SECONDS < deadline )); do
    [[ "$(call poll GET "$path" "$token")" == 200 ]] && state="$(json_field "d.get('$field')")"
    case "$state" in succeeded | failed | cancelled) printf '%s' "$state"; return 0 ;; esac
    sleep 0.5
  done
  printf 'timeout(%s)' "$state"
}
# run_parallel FUNCTION...: the functions at once (each a request through call; their bodies overwrite each other)
run_parallel() {
  local pids=() fn
  for fn in "$@"; do "$fn" & pids+=($!); done
  wait "${pids[@]}"
}
entry_json() { printf '{"title":"%s","body":"Сегодня гуляли в парке, потом читали до ночи (%s)","tags":["walks"],"mood":"good"}' "$1" "$1"; }

say "traffic: sign-ins and diary entries"
for i in 1 2 3 4 5; do
  call auth POST /api/auth/dev "" -H 'Content-Type: application/json' -d "{\"name\":\"proof-$i\"}" > /dev/null
done
ENTRY_IDS=()
for i in 1 2 3 4 5 6; do
  [[ "$(call entries POST /api/entries "$USER_TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: proof-$i" \
    -d "$(entry_json "Запись $i")")" == 201 ]] && ENTRY_IDS+=("$(json_field "d['id']")")
done
call entries POST /api/entries "$USER_TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: proof-1" \
  -d "$(entry_json "Запись 1")" > /dev/null  # a replay
(( ${#ENTRY_IDS[@]} > 0 )) || platform_die "no entry could be created: $(cat "$STATE/body")"
call entries POST /api/entries "$USER_TOKEN" -H 'Content-Type: application/json' -d '{"title":"x","mood":"ecstatic"}' > /dev/null
for _ in 1 2 3; do call entries GET '/api/entries?limit=5' "$USER_TOKEN" > /dev/null; done
call entries GET '/api/entries?q=%D0%BF%D0%B0%D1%80%D0%BA' "$USER_TOKEN" > /dev/null
for id in "${ENTRY_IDS[@]:0:3}"; do call entries GET "/api/entries/$id" "$USER_TOKEN" > /dev/null; done
call entries GET "/api/entries/${ENTRY_IDS[0]}" "$OTHER_TOKEN" > /dev/null            # another user's: 404
call entries GET "/api/entries/$(cat /proc/sys/kernel/random/uuid)" "$USER_TOKEN" > /dev/null
call entries GET /api/entries "" > /dev/null                                            # 401
call dashboard GET /api/dashboard "$USER_TOKEN" -H 'Time-Zone: Europe/Kyiv' > /dev/null

say "traffic: feeds, iCalendar imports, news"
FEED_IDS=()
for i in 0 1 2; do
  [[ "$(call feeds POST /api/feeds "$ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$FEEDS/feeds/$i.xml\",\"category\":\"technology\",\"language\":\"ru\"}")" == 201 ]] \
    || platform_die "POST /api/feeds answered $(cat "$STATE/body")"
  FEED_IDS+=("$(json_field "d['id']")")
done
call feeds POST /api/feeds "$ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$FEEDS/gone.xml\",\"category\":\"technology\",\"language\":\"ru\"}" > /dev/null
call events POST /api/events/imports "$ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$STUBS/calendar.ics\",\"category\":\"events\",\"city\":\"Kyiv\"}" > /dev/null
call events POST /api/events/imports "$ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$STUBS/gone.ics\",\"category\":\"events\"}" > /dev/null
sleep 2
curl -sf -X POST "http://127.0.0.1:$FEEDS/control?generation=1" > /dev/null
for id in "${FEED_IDS[@]}"; do call feeds POST "/api/feeds/$id/refresh" "$ADMIN_TOKEN" > /dev/null; done
call news GET '/api/news?limit=5' "$USER_TOKEN" > /dev/null
call news GET /api/categories "$USER_TOKEN" > /dev/null
call news GET /api/events "$USER_TOKEN" > /dev/null

say "traffic: digests (chat completions flaky, then down)"
DIGESTS=()
digest() {
  [[ "$(call digests POST /api/digests "$USER_TOKEN" -H 'Content-Type: application/json' \
    -d '{"categories":["technology"],"limit":5,"language":"ru"}')" == 202 ]] && DIGESTS+=("$(location)")
  return 0
}
sleep 2
for _ in 1 2 3 4; do digest; done      # a bulkhead of 1 + 1 queued: some are refused and written extractively
for d in "${DIGESTS[@]}"; do poll "$d" "$USER_TOKEN" status 90 > /dev/null; done
curl -sf -X POST "http://127.0.0.1:$STUBS/control?llm=down" > /dev/null
DIGESTS=()
for _ in 1 2 3 4 5; do digest; done
for d in "${DIGESTS[@]}"; do poll "$d" "$USER_TOKEN" status 90 > /dev/null; done
call digests GET /api/digests "$USER_TOKEN" > /dev/null

say "traffic: transcriptions and voice entries (the primary fails half its attempts)"
for _ in 1 2 3 4 5; do
  call transcriptions POST /api/transcriptions "$USER_TOKEN" -F "file=@$CLIP;type=audio/ogg" -F language=ru > /dev/null
done
for i in 1 2; do
  call voice-entries POST /api/voice-entries "$USER_TOKEN" -F "file=@$CLIP;type=audio/ogg" -F "title=Голос $i" > /dev/null
done
printf 'not a recording\n' > "$STATE/note.txt"
call transcriptions POST /api/transcriptions "$USER_TOKEN" -F "file=@$STATE/note.txt;type=text/plain" > /dev/null
# shellcheck disable=SC2317 # called by run_parallel
transcribe() { call transcriptions POST /api/transcriptions "$USER_TOKEN" -F "file=@$CLIP;type=audio/ogg" > /dev/null; }
run_parallel transcribe transcribe transcribe transcribe transcribe transcribe transcribe transcribe

say "traffic: sync (sync-service killed mid-run and restarted, a partner answering 429s, a refused source)"
partner() { curl -sf -X POST "http://127.0.0.1:$PARTNER/control?$1" > /dev/null; }
# new_source PAGE_SIZE CONCURRENCY PASSWORD_ENV: prints the new source's id
new_source() {
  local body status
  body="$(printf '{"name":"proof %s","baseUrl":"http://127.0.0.1:%s","path":"/programs/v1","query":{"program_status":"ALL"},
    "auth":{"type":"basic","usernameEnv":"PROOF_PARTNER_USER","passwordEnv":"%s"},
    "pagination":{"style":"offset-limit","pageSize":%s},"itemsPointer":"/payment_programs","totalPointer":"/total",
    "idPointer":"/program_id","concurrency":%s}' "$(cat /proc/sys/kernel/random/uuid)" "$PARTNER" "$3" "$1" "$2")"
  status="$(call sync POST /api/sync/sources "$ADMIN_TOKEN" -H 'Content-Type: application/json' -d "$body")"
  [[ "$status" == 201 ]] || platform_die "POST /api/sync/sources answered $status: $(cat "$STATE/body")"
  json_field "d['id']"
}
start_run() {
  [[ "$(call sync POST "/api/sync/sources/$1/runs" "$ADMIN_TOKEN")" == 202 ]] || platform_die "a sync run was refused: $(cat "$STATE/body")"
  location
}
partner "total=200&latency_ms=1500"
SLOW="$(new_source 20 1 PROOF_PARTNER_PASSWORD)"
RUN="$(start_run "$SLOW")"
for _ in $(seq 40); do
  [[ "$(call poll GET "$RUN" "$ADMIN_TOKEN")" == 200 && "$(json_field "d.get('status')")" == running ]] && break
  sleep 0.5
done
sleep 2
SYNC_PID="$(platform_pid sync-service)"
kill -KILL -- "-$SYNC_PID" 2> /dev/null || kill -KILL "$SYNC_PID"
{ wait "$SYNC_PID" || true; } 2> /dev/null   # reaped here, without the shell's "Killed" notice
for _ in $(seq 100); do platform_port_busy "$SY" || break; sleep 0.1; done
say "  sync-service killed (SIGKILL) during a run; calling it through the gateway while it is down"
for _ in 1 2 3 4 5 6 7 8; do call sync-down GET /api/sync/sources "$ADMIN_TOKEN" > /dev/null; done
partner "latency_ms=0"
start_service sync-service
platform_wait_ready sync-service "$SY" || platform_die "sync-service did not restart; log: $LOGS/sync-service.log"
RESCUED="$(poll "$RUN" "$ADMIN_TOKEN" status 60)"
say "  restarted; the interrupted run was taken over after its lease and ended $RESCUED"
partner "fail_every=4&fail_status=429"
RUN="$(start_run "$(new_source 20 4 PROOF_PARTNER_PASSWORD)")"
say "  a run through 429s: $(poll "$RUN" "$ADMIN_TOKEN" status 90)"
partner "fail_every=0&generation=1"
RUN="$(start_run "$(new_source 40 4 PROOF_PARTNER_WRONG)")"
say "  a run with a wrong password: $(poll "$RUN" "$ADMIN_TOKEN" status 60)"
RUN="$(start_run "$SLOW")"
say "  the interrupted source again: $(poll "$RUN" "$ADMIN_TOKEN" status 60)"
call sync GET /api/sync/sources "$ADMIN_TOKEN" > /dev/null

say "traffic done; the requests by group and status:"
sort "$TRAFFIC" | uniq -c | awk '$2 != "poll" {by[$2] = by[$2] sprintf(" %s x%d", $3, $1)} END {for (g in by) printf "    %-15s%s\n", g, by[g]}' | sort
# a last scrape and rule evaluation after the traffic; what the services expose, kept for --keep
sleep 6
mkdir -p "$STATE/metrics"
for service in "${SERVICES[@]}"; do
  curl -s "http://127.0.0.1:$(port_of "$service")/q/metrics" > "$STATE/metrics/$service.metrics" || true
done

# ---------------------------------------------------------------------------------------------------- the proof
say "querying Prometheus ..."
set +e
python3 - "$MON_DIR" "$PROM_URL" "$STATE/queries" "$RATE_INTERVAL" <<'PYTHON'
import glob, json, os, re, sys, time, urllib.parse, urllib.request
import yaml

mon, prom, out, rate_interval = sys.argv[1:5]
NOT_LOCAL = re.compile(r"(?<![\w:])(kube_\w+|container_\w+)")
FAIL, rows, counter = [], [], [0]
now = time.time()


def api(path, params=None):
    url = prom + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            body = json.load(answer)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    counter[0] += 1
    with open(os.path.join(out, f"{counter[0]:03d}.json"), "w", encoding="utf-8") as f:
        json.dump({"request": path, "params": params, "answer": body}, f, ensure_ascii=False, indent=1)
    return body


def query(expr):
    """('DATA', n, nonzero) / ('EMPTY', 0, 0) / ('ERROR', message)"""
    body = api("/api/v1/query", {"query": expr, "time": f"{now:.3f}"})
    if body.get("status") != "success":
        return ("ERROR", body.get("error", "?"))
    data = body["data"]
    result = data["result"]
    if data["resultType"] == "scalar":
        result = [{"value": result}]
    if not result:
        return ("EMPTY", 0, 0)
    values = [float(r["value"][1]) for r in result]
    return ("DATA", len(result), sum(1 for v in values if v == v and v != 0))


def short(expr, width=70):
    e = re.sub(r"\s+", " ", expr).strip()
    e = re.sub(r'namespace="dnevnik",?', "", e).replace("{}", "")
    return e if len(e) <= width else e[:width - 3] + "..."


def verdict(source, expr, result):
    if result[0] == "ERROR":
        FAIL.append(source)
        return f"ERROR {result[1]}"
    if result[0] == "EMPTY":
        needs = sorted(set(NOT_LOCAL.findall(expr)))
        if needs:
            return "N/A local (needs kube-state-metrics/cAdvisor: " + ", ".join(needs) + ")"
        FAIL.append(source)
        return "EMPTY  <-- FAIL"
    return f"DATA {result[1]} series ({result[2]} non-zero)"


checked = {"recording rules": 0, "alerts": 0, "alert signal operands": 0, "dashboard variables": 0,
           "dashboard panel queries": 0}


def row(source, expr, text, kind=None):
    rows.append((source, short(expr), text))
    if kind:
        checked[kind] += 1


# ---- targets and rules ---------------------------------------------------------------------------------------------
targets = api("/api/v1/targets")["data"]["activeTargets"]
up = sorted(f'{t["labels"].get("service")}={t["health"]}' for t in targets)
for t in targets:
    row(f'target {t["labels"].get("service")}', t["scrapeUrl"], t["health"] + (f' ({t["lastError"]})' if t["lastError"] else ""))
    if t["health"] != "up":
        FAIL.append(f'target {t["labels"].get("service")}')
if len(targets) != 5:
    FAIL.append(f"targets: {len(targets)} instead of 5")

loaded = [r for group in api("/api/v1/rules")["data"]["groups"] for r in group["rules"]]
records, alerts = [], []
for path in sorted(glob.glob(os.path.join(mon, "rules", "*.yaml"))):
    for doc in yaml.safe_load_all(open(path, encoding="utf-8")):
        if not doc or doc.get("kind") != "PrometheusRule":
            continue
        for group in doc["spec"]["groups"]:
            for r in group["rules"]:
                (records if "record" in r else alerts).append((group["name"], r))


def loaded_rule(name, labels):
    """The rule as Prometheus loaded it: by name, and by its labels (two alerts may share a name)."""
    for r in loaded:
        if r["name"] == name and all((r.get("labels") or {}).get(k) == v for k, v in (labels or {}).items()):
            return r
    return None


def evaluated(source, name, r):
    """The rule's state in /api/v1/rules, or None (a failure) when Prometheus did not load or evaluate it."""
    state = loaded_rule(name, r.get("labels"))
    if state is None or state.get("health") != "ok":
        FAIL.append(source)
        row(source, r["expr"], f'RULE NOT EVALUATED: {state and state.get("lastError")}')
        return None
    return state


for group, r in records:
    source = f'{group} / {r["record"]}'
    if evaluated(source, r["record"], r) is None:
        continue
    row(source, r["expr"], verdict(source, r["expr"], query(r["expr"])), "recording rules")


# ---- alerts: the expression, and its signal --------------------------------------------------------------------------
STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')


def mask(expr):
    strings = []
    def keep(m):
        strings.append(m.group(0))
        return f'"\0{len(strings) - 1}\0"'
    return STRINGS.sub(keep, expr), strings


def unmask(expr, strings):
    return re.sub(r'"\0(\d+)\0"', lambda m: strings[int(m.group(1))], expr)


def split_set_operators(expr):
    """The operands of the top-level and/or/unless (their on/ignoring/group_* modifiers dropped)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(expr):
        c = expr[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and (i == 0 or not (expr[i - 1].isalnum() or expr[i - 1] in "_:")):
            m = re.match(r"(and|or|unless)(?![\w:])\s*", expr[i:])
            if m:
                parts.append(expr[start:i])
                j = i + m.end()
                while True:
                    mod = re.match(r"(on|ignoring|group_left|group_right)\s*\(([^()]*)\)\s*", expr[j:])
                    if not mod:
                        break
                    j += mod.end()
                start = i = j
                continue
        i += 1
    parts.append(expr[start:])
    return [p.strip() for p in parts]


def wrapped(expr):
    """True when expr is one pair of parentheses around everything."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return False
    depth = 0
    for i, c in enumerate(expr):
        depth += c == "("
        depth -= c == ")"
        if depth == 0 and i < len(expr) - 1:
            return False
    return True


THRESHOLD = re.compile(r"\s*(?:==|!=|>=|<=|>|<)\s*(?:bool\s+)?-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?=\s*(?:$|\)|,))")


def signal(expr):
    """The operands of an alert's expression without their comparisons against a number."""
    masked, strings = mask(expr)
    def leaves(e):
        e = e.strip()
        while wrapped(e):
            e = e[1:-1].strip()
        parts = split_set_operators(e)
        if len(parts) == 1:
            return [THRESHOLD.sub("", e).strip()]
        return [leaf for p in parts for leaf in leaves(p)]
    return [unmask(leaf, strings) for leaf in leaves(masked)]


for group, r in alerts:
    source = f'{group} / {r["alert"]} ({r["labels"]["severity"]})'
    state = evaluated(source, r["alert"], r)
    if state is None:
        continue
    condition = query(r["expr"])
    if condition[0] == "ERROR":
        row(source, r["expr"], verdict(source, r["expr"], condition))
        continue
    firing = f'condition {"TRUE" if condition[0] == "DATA" else "false"} now, state {state.get("state")}'
    row(source, r["expr"], firing, "alerts")
    for leaf in signal(r["expr"]):
        row("    signal", leaf, verdict(source + " signal " + short(leaf, 40), leaf, query(leaf)), "alert signal operands")

# ---- dashboards ------------------------------------------------------------------------------------------------------
def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))


def substitute(expr, values):
    expr = re.sub(r"\$__rate_interval|\$\{__rate_interval\}", rate_interval, expr)
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", lambda m: values.get(m.group(1) or m.group(2), m.group(0)), expr)


for path in sorted(glob.glob(os.path.join(mon, "dashboards", "*.json"))):
    board = json.load(open(path, encoding="utf-8"))
    name = os.path.basename(path)
    values = {}
    for v in board.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
        m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\)\s*", q)
        source = f'{name} / variable ${v["name"]}'
        if not m:
            FAIL.append(source)
            row(source, q, "not label_values(selector, label)", "dashboard variables")
            continue
        selector = substitute(m.group(1), values)
        body = api("/api/v1/series", {"match[]": selector, "start": f"{now - 3600:.3f}", "end": f"{now:.3f}"})
        if body.get("status") != "success":
            FAIL.append(source)
            row(source, q, f'ERROR {body.get("error")}', "dashboard variables")
            continue
        found = sorted({s.get(m.group(2)) for s in body["data"] if s.get(m.group(2))})
        if not found:
            FAIL.append(source)
            row(source, q, "EMPTY  <-- FAIL", "dashboard variables")
        else:
            row(source, q, f'DATA {len(found)} values: {", ".join(found)}', "dashboard variables")
        values[v["name"]] = (v.get("allValue") or "(" + "|".join(map(re.escape, found)) + ")") if v.get("includeAll") \
            else (found[0] if found else "")
    for p in panels(board.get("panels", [])):
        for t in p.get("targets", []):
            expr = substitute(t["expr"], values)
            source = f'{name} / {p.get("title")}'
            row(source, expr, verdict(source, expr, query(expr)), "dashboard panel queries")

# ---- the table -------------------------------------------------------------------------------------------------------
w1 = min(62, max(len(r[0]) for r in rows))
w2 = min(72, max(len(r[1]) for r in rows))
line = "+-" + "-" * w1 + "-+-" + "-" * w2 + "-+-" + "-" * 44 + "-+"
print(line)
print(f'| {"source":{w1}} | {"query":{w2}} | {"result":44} |')
print(line)
for source, expr, text in rows:
    print(f"| {source[:w1]:{w1}} | {expr[:w2]:{w2}} | {text:44} |")
print(line)
print('query: shortened, namespace="dnevnik" left out. DATA n series (k non-zero): k of them had a value other than 0')
print("and NaN at that instant; a counter whose series is created at its first increment shows a rate of 0 while it")
print("does not grow again (rate() cannot see that first increment), so k says more about the traffic than the query.")
kinds = {"DATA": 0, "N/A": 0, "EMPTY": 0, "ERROR": 0}
for _, _, text in rows:
    for k in kinds:
        if text.startswith(k):
            kinds[k] += 1
print(f'queries: {kinds["DATA"]} with data, {kinds["N/A"]} not applicable locally (kube-state-metrics/cAdvisor), '
      f'{kinds["EMPTY"]} empty, {kinds["ERROR"]} errors; targets up: {sum(1 for t in targets if t["health"] == "up")}/5; '
      f'$__rate_interval = {rate_interval}')
print("checked: " + ", ".join(f"{n} {k}" for k, n in checked.items()) + " (7 dashboards)")
if FAIL:
    print(f"FAILED ({len(FAIL)}):")
    for f in FAIL:
        print("  " + f)
    sys.exit(1)
print("PASSED: every query parses and returns data (or is not applicable locally)")
PYTHON
status=$?
set -e
say "done"
exit "$status"
