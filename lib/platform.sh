# shellcheck shell=bash
# Dnevnik's platform functions: the one home of what ./dnevnik and the benchmarks (bench/*.sh) do to build, start,
# wait for and stop the platform's processes. Source this file, then call platform_init first.
#
# The interface below is stable: scripts call these functions with arguments and read the variables marked "out";
# they never set variables for the functions to pick up.
#
#   platform_init STATE_DIR [--no-build]
#         keeps logs, pid files, the dev key pair and the embedded database in STATE_DIR; finds a JDK 21+; builds
#         what is missing or older than its sources (unless --no-build); makes the dev key pair once
#         out: JAVA, PLATFORM_LOGS (log files NAME.log), PLATFORM_KEYS (dev-private.pem, dev-public.pem)
#   platform_use STATE_DIR
#         only points the functions at STATE_DIR (to look at or stop what runs there; no JDK needed)
#   platform_start_postgres PORT DATABASES
#         an embedded PostgreSQL on PORT, data in STATE_DIR/pgdata — or, when DB_URL is set, that server — with the
#         comma-separated DATABASES created if missing
#         out (exported): DB_HOST DB_PORT DB_USER DB_PASSWORD
#   platform_start_simulator PORT LATENCY [ERROR_RATE] [RATE_LIMIT_RATE]
#         the local speech-to-text SIMULATOR (OpenAI-compatible, at http://127.0.0.1:PORT/v1); never a real provider
#   platform_start_service MODULE PORT DATABASE [NAME=VALUE ...]
#         the packaged service MODULE on PORT with its database; the extra settings go to its environment;
#         its JVM gets PLATFORM_JVM_OPTS (+ the module's AOT cache when one is recorded), or JAVA_OPTS when set
#   platform_aot_cache MODULE         prints the path of MODULE's AOT cache when it is valid for its jar; fails if none
#   platform_build_aot_cache MODULE   records it (the module's integration tests are the training run; JDK 25)
#   platform_start_native MODULE PORT DATABASE [NAME=VALUE ...]
#         the same with MODULE's native executable (target/MODULE-*-runner, built by ./mvnw package -Dnative),
#         with PLATFORM_NATIVE_OPTS or NATIVE_OPTS when set
#   platform_native_executable MODULE   prints the path of MODULE's native executable; fails when there is none
#   platform_wait_ready NAME PORT     until GET /q/health/ready answers 200; fails (showing the log) if NAME exits
#   platform_stop NAME [GRACE_SECONDS]    stops a process started here, and everything it spawned
#   platform_stop_all                 stops every process started here: services, simulator, then PostgreSQL
#   platform_alive NAME / platform_pid NAME / platform_port_busy PORT / platform_http_status PORT PATH
#   platform_token SUBJECT [--admin]  prints a dev access token for user SUBJECT, signed with the dev key
#   platform_die MESSAGE...           prints "dnevnik: MESSAGE" to stderr and exits with 1
#
# Needs bash and a JDK 21+ (JAVA_HOME, java on PATH, or a Temurin 25 under /usr/lib/jvm). Maven comes through ./mvnw.

PLATFORM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# How the services run unless JAVA_OPTS / NATIVE_OPTS say otherwise (an empty JAVA_OPTS means the JVM's defaults).
# Chosen with bench/footprint.sh for a 256-512 MB container (README, "A small, fast JVM"); the Dockerfiles and the k8s
# manifests use the same: the serial collector (one CPU, no GC threads); a heap that starts at 16 MB and is given back
# when free (the free ratios), capped at 128 MB; the C1 compiler only, which compiles sooner and cheaper on one or two
# CPUs and needs a smaller code cache (on these services it was not slower than C2 in 30 s under load, and saves
# ~45 MB); 512 KB thread stacks. Every option works on JDK 21 (the images' runtime) as on 25.
PLATFORM_JVM_OPTS="-XX:+UseSerialGC -Xms16m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k -XX:+ExitOnOutOfMemoryError"
# the executables' heap: capped (feeds of up to 5 MB are parsed in memory), with a small young generation so that it
# is collected before the heap grows
PLATFORM_NATIVE_OPTS="-Xmx96m -Xmn16m"

platform_die() { printf 'dnevnik: %s\n' "$*" >&2; exit 1; }

platform_use() {
  PLATFORM_STATE="$1"
  PLATFORM_RUN="$1/run"
  PLATFORM_LOGS="$1/logs"
  PLATFORM_KEYS="$1/keys"
}

platform_init() {
  local build=true
  [[ "${2:-}" == "--no-build" ]] && build=false
  platform_use "$1"
  mkdir -p "$PLATFORM_RUN" "$PLATFORM_LOGS" "$PLATFORM_KEYS"
  platform_find_java
  if $build || [[ ! -f "$PLATFORM_ROOT/devtools/target/devtools.jar" ]]; then
    platform_build_if_needed
  fi
  platform_devtools keys --dir "$PLATFORM_KEYS"
}

# ---------------------------------------------------------------------------------------------- java and the build
platform_java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }

platform_find_java() {
  local candidate
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "$(command -v java || true)"; do
    if [[ -n "$candidate" && -x "$candidate" ]] && (( $(platform_java_major "$candidate") >= 21 )); then
      JAVA="$candidate"
      export JAVA_HOME="$(cd "$(dirname "$JAVA")/.." && pwd)"
      return
    fi
  done
  platform_die "a JDK 21 or newer is needed: set JAVA_HOME or put java on PATH"
}

platform_service_jar() { printf '%s/%s/target/quarkus-app/quarkus-run.jar' "$PLATFORM_ROOT" "$1"; }
platform_devtools() {
  "$JAVA" -cp "$PLATFORM_ROOT/devtools/target/devtools.jar:$PLATFORM_ROOT/devtools/target/lib/*" dev.dnevnik.devtools.Main "$@"
}

# Builds (./mvnw install, tests skipped) when a jar is missing or a source or pom changed since the last build.
platform_build_if_needed() {
  # the stamp belongs to the checkout, not to a state directory (benchmarks use their own)
  local stamp="$PLATFORM_ROOT/.dnevnik/build.stamp" stale="" pom module
  mkdir -p "$PLATFORM_ROOT/.dnevnik"
  [[ -f "$PLATFORM_ROOT/devtools/target/devtools.jar" ]] || stale="devtools jar missing"
  for pom in "$PLATFORM_ROOT"/*/pom.xml; do
    module="$(basename "$(dirname "$pom")")"
    if grep -q 'quarkus-maven-plugin' "$pom" && [[ ! -f "$(platform_service_jar "$module")" ]]; then
      stale="$module not built"
    fi
  done
  if [[ -z "$stale" ]]; then
    if [[ ! -f "$stamp" ]]; then
      stale="first run"
    elif [[ -n "$(find "$PLATFORM_ROOT" -path "$PLATFORM_ROOT/.dnevnik" -prune -o -path '*/target' -prune -o \
          \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$stamp" -print -quit)" ]]; then
      stale="sources changed"
    fi
  fi
  if [[ -n "$stale" ]]; then
    printf 'Building (%s) ...\n' "$stale"
    (cd "$PLATFORM_ROOT" && ./mvnw -B -q -DskipTests install) > "$PLATFORM_LOGS/build.log" 2>&1 \
      || { tail -n 40 "$PLATFORM_LOGS/build.log" >&2; platform_die "build failed; full log in $PLATFORM_LOGS/build.log"; }
    touch "$stamp"
  fi
}

# ---------------------------------------------------------------------------------------------- processes
platform_pid() { [[ -f "$PLATFORM_RUN/$1.pid" ]] && cat "$PLATFORM_RUN/$1.pid"; }
platform_alive() { local pid; pid="$(platform_pid "$1")" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

# Starts a command in its own process group (so that stopping it stops everything it spawned), output to NAME.log.
platform_launch() {
  local name="$1"; shift
  if command -v setsid >/dev/null; then
    setsid "$@" >> "$PLATFORM_LOGS/$name.log" 2>&1 < /dev/null &
  else
    "$@" >> "$PLATFORM_LOGS/$name.log" 2>&1 < /dev/null &
  fi
  echo $! > "$PLATFORM_RUN/$name.pid"
}

platform_stop() {
  local name="$1" grace="${2:-30}" pid i
  platform_alive "$name" || { rm -f "$PLATFORM_RUN/$name.pid"; return 0; }
  pid="$(platform_pid "$name")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    printf '  %s did not stop within %ss; killing it\n' "$name" "$grace"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PLATFORM_RUN/$name.pid"
  printf '  stopped %s\n' "$name"
}

platform_stop_all() {
  local pidfile name
  for pidfile in "$PLATFORM_RUN"/*.pid; do
    [[ -e "$pidfile" ]] || continue
    name="$(basename "$pidfile" .pid)"
    [[ "$name" == postgres || "$name" == stt-simulator ]] || platform_stop "$name" 30
  done
  platform_stop stt-simulator 10
  platform_stop postgres 60
  # belt and braces: a postmaster that outlived its launcher (e.g. after kill -9) is told to shut down
  local postmaster="$PLATFORM_STATE/pgdata/postmaster.pid" pg_pid
  if [[ -f "$postmaster" ]]; then
    pg_pid="$(head -n 1 "$postmaster")"
    if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
      kill -INT "$pg_pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
      printf '  stopped a leftover PostgreSQL (pid %s)\n' "$pg_pid"
    fi
  fi
  rm -f "$PLATFORM_RUN/postgres.ready"
}

platform_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP status of GET PATH on localhost:PORT, using bash only (no curl on a bare machine).
platform_http_status() {
  local port="$1" path="$2" line
  {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
    IFS=' ' read -r -t 5 _ line _ <&3 || true
    exec 3<&- 3>&-
  } 2>/dev/null
  printf '%s' "${line:-000}"
}

platform_wait_ready() {
  local name="$1" port="$2" deadline=$((SECONDS + ${DNEVNIK_READY_TIMEOUT:-180}))
  while (( SECONDS < deadline )); do
    platform_alive "$name" || { tail -n 30 "$PLATFORM_LOGS/$name.log" >&2; return 1; }
    [[ "$(platform_http_status "$port" /q/health/ready)" == "200" ]] && return 0
    sleep 0.5
  done
  tail -n 30 "$PLATFORM_LOGS/$name.log" >&2
  return 1
}

# ---------------------------------------------------------------------------------------------- what runs
platform_start_postgres() {
  local port="$1" databases="$2" line
  if [[ -n "${DB_URL:-}" ]]; then
    printf 'Using the PostgreSQL server at DB_URL; creating databases if missing ...\n'
    while IFS= read -r line; do
      case "$line" in
        DB_HOST=*|DB_PORT=*|DB_USER=*|DB_PASSWORD=*) export "${line?}" ;;
      esac
    done < <(platform_devtools databases --url "$DB_URL" --databases "$databases")
    [[ -n "${DB_HOST:-}" ]] || platform_die "could not prepare the databases at DB_URL"
    return
  fi
  export DB_HOST=localhost DB_PORT="$port" DB_USER=postgres DB_PASSWORD=""
  if platform_alive postgres; then
    printf 'Embedded PostgreSQL already running on port %s\n' "$port"
    platform_devtools databases --url "postgresql://postgres@localhost:$port" --databases "$databases" > /dev/null
    return
  fi
  platform_port_busy "$port" \
    && platform_die "port $port is taken; set DNEVNIK_PG_PORT to another port (or DB_URL to use that server)"
  printf 'Starting embedded PostgreSQL on port %s (data in %s/pgdata) ...\n' "$port" "$PLATFORM_STATE"
  rm -f "$PLATFORM_RUN/postgres.ready"
  platform_launch postgres "$JAVA" -cp "$PLATFORM_ROOT/devtools/target/devtools.jar:$PLATFORM_ROOT/devtools/target/lib/*" \
    dev.dnevnik.devtools.Main postgres --data-dir "$PLATFORM_STATE/pgdata" --port "$port" --databases "$databases" \
    --ready-file "$PLATFORM_RUN/postgres.ready"
  local deadline=$((SECONDS + 120))
  until [[ -f "$PLATFORM_RUN/postgres.ready" ]]; do
    platform_alive postgres || { tail -n 30 "$PLATFORM_LOGS/postgres.log" >&2; platform_die "PostgreSQL did not start"; }
    (( SECONDS < deadline )) || { platform_stop postgres; platform_die "PostgreSQL did not get ready in 120s"; }
    sleep 0.3
  done
}

platform_start_simulator() {
  local port="$1" latency="$2" error_rate="${3:-0}" rate_limit_rate="${4:-0}"
  platform_alive stt-simulator && return
  platform_port_busy "$port" \
    && platform_die "port $port (speech-to-text simulator) is taken; set DNEVNIK_SIMULATOR_PORT"
  rm -f "$PLATFORM_RUN/stt-simulator.ready"
  platform_launch stt-simulator "$JAVA" -cp "$PLATFORM_ROOT/devtools/target/devtools.jar:$PLATFORM_ROOT/devtools/target/lib/*" \
    dev.dnevnik.devtools.Main stt-simulator --port "$port" --latency "$latency" --error-rate "$error_rate" \
    --rate-limit-rate "$rate_limit_rate" --ready-file "$PLATFORM_RUN/stt-simulator.ready"
  local deadline=$((SECONDS + 30))
  until [[ -f "$PLATFORM_RUN/stt-simulator.ready" ]]; do
    platform_alive stt-simulator || { tail -n 20 "$PLATFORM_LOGS/stt-simulator.log" >&2; platform_die "the simulator did not start"; }
    (( SECONDS < deadline )) || platform_die "the simulator did not start in 30s"
    sleep 0.2
  done
}

platform_start_service() {
  local module="$1" port="$2" database="$3"
  shift 3
  local options="${JAVA_OPTS-$PLATFORM_JVM_OPTS}" cache
  # the platform's own options also take the module's AOT cache when one was recorded for this jar (./dnevnik up --aot)
  if [[ -z "${JAVA_OPTS+set}" ]] && cache="$(platform_aot_cache "$module")"; then
    options+=" -XX:AOTCache=$cache"
  fi
  # shellcheck disable=SC2086 # the options are several words
  PORT="$port" DB_NAME="$database" JWT_PUBLIC_KEY_LOCATION="$PLATFORM_KEYS/dev-public.pem" LOG_JSON=false \
    platform_launch "$module" env "$@" "$JAVA" $options -jar "$(platform_service_jar "$module")"
}

# The AOT cache of MODULE (target/quarkus-app/app.aot), printed when it exists and is newer than the jar it was
# recorded for (a rebuilt jar makes it stale: the JVM would ignore it with a warning).
platform_aot_cache() {
  local cache="$PLATFORM_ROOT/$1/target/quarkus-app/app.aot"
  [[ -f "$cache" && "$cache" -nt "$(platform_service_jar "$1")" ]] && printf '%s' "$cache"
}

# Records MODULE's AOT cache: Quarkus runs the module's @QuarkusIntegrationTests against its jar with
# -XX:AOTCacheOutput, so the cache holds what real requests load and compile. Needs a JDK 25 (JDK 24+); the
# project's other modules must be installed (./mvnw install -DskipTests), and the gateway's (PlatformIT) starts the
# other services' jars, so record it last.
platform_build_aot_cache() {
  (cd "$PLATFORM_ROOT" && JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA")")")" ./mvnw -B verify -pl "$1" \
    -Dquarkus.package.jar.aot.enabled=true -DskipITs=false -DskipUnitTests) > "$PLATFORM_LOGS/aot-$1.log" 2>&1 \
    || { tail -n 40 "$PLATFORM_LOGS/aot-$1.log" >&2; platform_die "recording $1's AOT cache failed; log: $PLATFORM_LOGS/aot-$1.log"; }
  platform_aot_cache "$1" > /dev/null || platform_die "no AOT cache after recording $1 (log: $PLATFORM_LOGS/aot-$1.log)"
}

# The native executable of MODULE (./mvnw package -Dnative), or nothing when it was not built.
platform_native_executable() {
  local runner
  for runner in "$PLATFORM_ROOT/$1"/target/"$1"-*-runner; do
    [[ -x "$runner" ]] && { printf '%s' "$runner"; return 0; }
  done
  return 1
}

platform_start_native() {
  local module="$1" port="$2" database="$3" runner
  shift 3
  runner="$(platform_native_executable "$module")" \
    || platform_die "$module has no native executable: build it with ./mvnw package -Dnative (README, Native)"
  # shellcheck disable=SC2086 # the options are several words
  PORT="$port" DB_NAME="$database" JWT_PUBLIC_KEY_LOCATION="$PLATFORM_KEYS/dev-public.pem" LOG_JSON=false \
    platform_launch "$module" env "$@" "$runner" ${NATIVE_OPTS-$PLATFORM_NATIVE_OPTS}
}

platform_token() {
  local args=(token --key "$PLATFORM_KEYS/dev-private.pem" --subject "$1")
  [[ "${2:-}" == "--admin" ]] && args+=(--admin)
  platform_devtools "${args[@]}"
}
