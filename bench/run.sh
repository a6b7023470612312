#!/usr/bin/env bash
# Aurelis benchmark: the gateway beside nginx, against a local mock provider, on loopback only.
#
#   bench/run.sh             the full comparison (about 35 minutes on 2 cores, see BENCHMARKS.md's time budget)
#   bench/run.sh --quick     a smoke run: every phase for a couple of seconds (about 14 minutes with start-up and waits)
#   bench/run.sh --soak      add the 10-minute memory soak of the gateway (--soak-minutes N to change its length)
#   bench/run.sh --publish   also copy the table into BENCHMARKS.md (between its bench:table markers)
#   bench/run.sh --jmh       also run the JMH benchmarks (about 2 minutes more) into jmh.txt and the report
#   bench/run.sh --arms direct,nginx   run only these arms (default: direct,nginx,portkey,aurelis,aurelis-gov,aurelis-gov-sync)
#   bench/run.sh --report bench/results/<stamp>   only re-render that run's report.md (and --publish it)
#   BENCH_AURELIS_JAVA_OPTS="-XX:+UseZGC" BENCH_ROUNDS=1 bench/run.sh --arms direct,aurelis-gov
#                            compare JVM options on the Aurelis arms (one round instead of three)
#   bench/run.sh --nice -10  run every benchmark process (proxies, mock, load generator) at this nice level, so
#                            other work on a shared machine disturbs the figures less (negative needs root)
#
# Arms (each one a path from the load generator to the same mock provider):
#   direct       load generator → mock                      the baseline every "added" figure subtracts
#   nginx        load generator → nginx → mock              a plain reverse proxy (1 worker, keep-alive upstream)
#   aurelis      load generator → Aurelis → mock            passthrough: bench/aurelis-bench.yaml
#   aurelis-gov  load generator → Aurelis → mock            all governance on: bench/aurelis-bench-governed.yaml
#   aurelis-gov-sync  the same with the ledger's synchronous_commit on (what a durable ledger commit costs)
#   portkey      load generator → Portkey's open-source gateway (npm @portkey-ai/gateway, its start-server.js) → mock
#
# CPU pinning (taskset): the proxy under test (nginx's master and worker; Aurelis's JVM and its embedded
# PostgreSQL) on core PROXY_CPU (default 0); the mock provider and the load generator on core LOAD_CPU (default 1).
# Every run writes bench/results/<UTC timestamp>/: report.md (the tables), raw/runs.jsonl (every run with its
# HdrHistograms), logs/, machine.txt, and profile-*.txt (JFR hot methods) for Aurelis arms.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=../.mvn/jdk.sh
source "$root/.mvn/jdk.sh"
aurelis_select_jdk

quick=0 soak=0 publish=0 jmh=0 soak_minutes=10 report_only=
arms_wanted="direct,nginx,portkey,aurelis,aurelis-gov,aurelis-gov-sync"
PORTKEY_VERSION=${BENCH_PORTKEY_VERSION:-1.15.2}
NICE=${BENCH_NICE:-0}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --soak) soak=1 ;;
    --soak-minutes) soak=1; soak_minutes=$2; shift ;;
    --publish) publish=1 ;;
    --jmh) jmh=1 ;;
    --arms) arms_wanted=$2; shift ;;
    --nice) NICE=$2; shift ;;
    --report) report_only=$(cd "$2" && pwd); shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
MOCK_PORT=${BENCH_MOCK_PORT:-18100}
NGINX_PORT=${BENCH_NGINX_PORT:-18101}
AURELIS_PORT=${BENCH_AURELIS_PORT:-18102}
AURELIS_GOV_PORT=${BENCH_AURELIS_GOV_PORT:-18103}
AURELIS_SYNC_PORT=${BENCH_AURELIS_SYNC_PORT:-18104}
PORTKEY_PORT=${BENCH_PORTKEY_PORT:-18105}
export BENCH_MOCK_PORT=$MOCK_PORT
if [ "$NICE" -lt 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "run.sh: --nice $NICE needs root; running at the default priority" >&2
  NICE=0
fi
# prefixes that pin (and, with --nice, prioritise) a command; each execs the next, so $! is the program's own pid
PIN_PROXY=(nice -n "$NICE" taskset -c "$PROXY_CPU")
PIN_LOAD=(nice -n "$NICE" taskset -c "$LOAD_CPU")

# ---- what the phases do, and how long each may take ------------------------------------------------------------
# Mock for the latency phases: non-streamed answers at once (latency 0 ms: every microsecond measured is the
# path's own), streams with the first delta after 20 ms then 40 deltas 5 ms apart. For the memory phases the mock is
# restarted with slow, long streams (first delta after 200 ms, then 40 deltas 250 ms apart: ~10 s per stream).
MOCK_LATENCY_MS=${MOCK_LATENCY_MS:-0} MOCK_TTFT_MS=20 MOCK_CHUNKS=40 MOCK_INTERVAL_MS=5
RSS_TTFT_MS=200 RSS_CHUNKS=40 RSS_INTERVAL_MS=250
if [ $quick = 1 ]; then
  ROUNDS=1 WARMUP=0.5 MEASURE=2 ARM_WARMUP=2 WARMUP_MAX=4 RSS_STREAMS=200 RSS_RAMP=1 RSS_HOLD=3 PROFILE_S=3
else
  # Budget for 4 arms (seconds): harness build <=60, Aurelis build <=240 (only when stale), nginx install <=60,
  # Aurelis start-up <=120, arm warm-up 4 x 15 = 60, rounds 3 x 4 arms x 7 runs x 6 s = 504, plus <=5 s drain and
  # <=8 s settling for each run a proxy falls behind in (~100 s), JFR 2 x 25, memory 3 x 25, report 20: about
  # 19 minutes at the very worst; 14 min 11 s measured with the jars built (BENCHMARKS.md).
  # Since issue 20 (six arms, warm-up until stable, overload): rounds 3 x 6 arms x (7 runs x 6 s + overload 20 s)
  # = 1,116 s, warm-up 6 x 15-180 s, memory 6 x 25 s, JFR 3 x 25 s; about 35-45 minutes, plus 10 with --soak.
  ROUNDS=3 WARMUP=1 MEASURE=5 ARM_WARMUP=15 WARMUP_MAX=180 RSS_STREAMS=1000 RSS_RAMP=5 RSS_HOLD=15 PROFILE_S=20
fi
# BENCH_ROUNDS=1 shortens a full run to one measured round (comparing JVM options, for example); a published table
# keeps the three.
ROUNDS=${BENCH_ROUNDS:-$ROUNDS}

started_at=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$bench_dir/results/$stamp"
mkdir -p "$out/raw" "$out/logs"
work=$(mktemp -d "${TMPDIR:-/tmp}/aurelis-bench.XXXXXX")
pids_to_stop=()

say() { printf '[run.sh %s +%ds] %s\n' "$(date +%T)" "$(( $(date +%s) - started_at ))" "$*" | tee -a "$out/logs/run.log" >&2; }

cleanup() {
  local pid pidfile i
  for pid in "${pids_to_stop[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids_to_stop[@]}"; do  # up to 15 s in all for graceful shutdowns, then SIGKILL
    for i in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # an embedded PostgreSQL runs detached from the JVM that started it: if that JVM died without stopping it,
  # stop it through the pid in its own data directory (SIGINT = fast shutdown)
  for pidfile in "$work"/*-data/*/postmaster.pid "$work"/*-data/postmaster.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(head -n 1 "$pidfile")
    kill -INT "$pid" 2>/dev/null || continue
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

want() { case ",$arms_wanted," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # url seconds [pid]: waits for a 2xx; fails early when pid dies
  local url=$1 limit=$2 pid=${3:-} i
  for i in $(seq $((limit * 5))); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

java_pids_under() { # the java processes in the tree under $1 (the launcher may or may not exec java)
  local p=$1 c
  if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ]; then echo "$p"; fi
  for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do java_pids_under "$c"; done
}

governed_features="authentication (gateway key), access check, routing, budgets (organisation, team and user; reserve → settle on every request), rate limits per key, user and team, usage metering, and the privacy scan of every request (secrets and personal data, redacted by default)"

write_report() { # results dir: report.md from machine.txt, raw/*.jsonl, jmh.txt and profile-*.txt
  local dir=$1 f name
  name=$(basename "$dir")
  {
    echo "## Benchmark run $name ($(sed -n 's/^mode: //p' "$dir/machine.txt"))"
    echo
    echo '```'
    cat "$dir/machine.txt"
    echo '```'
    echo
    # the governed arm scans when its configuration turns the privacy scan on
    scanning=false
    grep -Eq '^[[:space:]]+pii_detection:[[:space:]]*true' "$root/bench/aurelis-bench-governed.yaml" && scanning=true
    bench report --dir "$dir" --chunk-interval-ms "$MOCK_INTERVAL_MS" --governed-features "$governed_features" \
      --scanning "$scanning"
    if [ -s "$dir/jmh.txt" ]; then
      echo; echo "### JMH (hot-path pieces, one core)"; echo; echo '```'; cat "$dir/jmh.txt"; echo '```'
    fi
    for f in "$dir"/profile-*.txt; do
      if [ -e "$f" ]; then echo; echo "JFR profile: \`${dir#"$root"/}/$(basename "$f")\`"; fi
    done
  } > "$dir/report.md"
  return 0
}

publish_report() { # results dir: its report.md into BENCHMARKS.md, between the bench:table markers
  local target="$root/BENCHMARKS.md"
  if grep -q '<!-- bench:table:start -->' "$target" 2>/dev/null; then
    awk -v report="$1/report.md" '
      /<!-- bench:table:start -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
      /<!-- bench:table:end -->/ { skip = 0 }
      !skip { print }' "$target" > "$work/BENCHMARKS.md" && cp "$work/BENCHMARKS.md" "$target"
    echo "published $1/report.md into BENCHMARKS.md" >&2
  else
    echo "BENCHMARKS.md has no bench:table markers; not published" >&2
  fi
  return 0
}

# ---- 0. the machine ---------------------------------------------------------------------------------------------
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ -n "$report_only" ] || for port in $MOCK_PORT $NGINX_PORT $AURELIS_PORT $AURELIS_GOV_PORT $AURELIS_SYNC_PORT $PORTKEY_PORT; do
  port_free "$port" || { echo "run.sh: port $port on 127.0.0.1 is taken; set BENCH_*_PORT" >&2; exit 1; }
done
{
  echo "date: $(date -u +%FT%TZ)"
  echo "git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) ($(git -C "$root" rev-parse --abbrev-ref HEAD 2>/dev/null || echo ?))"
  echo "mode: $([ $quick = 1 ] && echo quick || echo full)$([ $soak = 1 ] && echo ", soak ${soak_minutes} min")"
  echo "cpus: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -sr)"
  echo "os: $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-unknown}")"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "pinning: proxy on cpu $PROXY_CPU, mock + load generator on cpu $LOAD_CPU, nice $NICE"
  echo "aurelis java options: ${BENCH_AURELIS_JAVA_OPTS:-${AURELIS_JAVA_OPTS:-(launcher defaults)}}"
} > "$out/machine.txt"
load1=$(cut -d' ' -f1 /proc/loadavg)
if awk "BEGIN {exit !($load1 > 0.5)}"; then
  say "warning: load average is $load1 before the run; other work on this machine will show up in the figures"
fi

# ---- 1. build the harness ---------------------------------------------------------------------------------------
say "building the harness (bench/pom.xml)"
(cd "$root" && ./mvnw -q -B -f bench/pom.xml package -DskipTests) > "$out/logs/build-bench.log" 2>&1 \
  || { cat "$out/logs/build-bench.log" >&2; exit 1; }
cp "$bench_dir/target/aurelis-bench.jar" "$work/aurelis-bench.jar"   # a rebuild during the run cannot pull it away
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xms1g -Xmx1g)
bench() { "${JAVA[@]}" -jar "$work/aurelis-bench.jar" "$@"; }
if [ -n "$report_only" ]; then
  write_report "$report_only"
  cat "$report_only/report.md"
  if [ $publish = 1 ]; then publish_report "$report_only"; fi
  rm -rf "$out"
  exit 0
fi

# ---- 2. nginx -----------------------------------------------------------------------------------------------------
if want nginx && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  say "installing nginx from the OS packages"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo -n)
  # keep the package's service from starting a system nginx on port 80 (policy-rc.d exit 101 = "don't start")
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  { "${sudo_cmd[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends nginx; } \
    > "$out/logs/apt.log" 2>&1 || { tail -n 20 "$out/logs/apt.log" >&2; echo "run.sh: could not install nginx" >&2; }
  [ $made_policy = 1 ] && "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ---- 3. the mock provider -----------------------------------------------------------------------------------------
mock_pid=""
start_mock() { # ttft chunks interval
  if [ -n "$mock_pid" ]; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  "${PIN_LOAD[@]}" "${JAVA[@]}" -Xms512m -Xmx512m -jar "$work/aurelis-bench.jar" mock --port "$MOCK_PORT" \
    --latency-ms "$MOCK_LATENCY_MS" --ttft-ms "$1" --chunks "$2" --chunk-interval-ms "$3" \
    >> "$out/logs/mock.log" 2>&1 &
  mock_pid=$!
  pids_to_stop+=("$mock_pid")
  wait_http "http://127.0.0.1:$MOCK_PORT/health" 20 "$mock_pid" || { tail "$out/logs/mock.log" >&2; exit 1; }
}
say "starting the mock provider on 127.0.0.1:$MOCK_PORT (cpu $LOAD_CPU)"
start_mock "$MOCK_TTFT_MS" "$MOCK_CHUNKS" "$MOCK_INTERVAL_MS"

arm_args=()
skip() { arm_args+=(--arm "$1=skip;$2"); say "arm $1 skipped: $2"; }

if want direct; then
  arm_args+=(--arm "direct=http://127.0.0.1:$MOCK_PORT")
fi

# ---- 4. nginx, one worker on the proxy core ---------------------------------------------------------------------
if want nginx; then
  if [ -x "$NGINX" ]; then
    mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
    user_line=""
    [ "$(id -u)" -eq 0 ] && user_line="user $(id -un) $(id -gn);"
    cat > "$work/nginx/nginx.conf" <<EOF
# generated by bench/run.sh: a plain reverse proxy, tuned the way one would for SSE
$user_line
worker_processes 1;
worker_rlimit_nofile 65536;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  tcp_nodelay on;
  upstream mock {
    server 127.0.0.1:$MOCK_PORT;
    keepalive 512;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    client_max_body_size 16m;
    client_body_buffer_size 256k;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
EOF
    "$NGINX" -v > "$out/logs/nginx-version.txt" 2>&1 || true
    echo "nginx: $(cat "$out/logs/nginx-version.txt")" >> "$out/machine.txt"
    "${PIN_PROXY[@]}" "$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' \
      > "$out/logs/nginx.log" 2>&1 &
    nginx_pid=$!
    pids_to_stop+=("$nginx_pid")
    if wait_http "http://127.0.0.1:$NGINX_PORT/health" 20 "$nginx_pid"; then
      nginx_pids="$nginx_pid,$(ps -o pid= --ppid "$nginx_pid" | tr -d ' ' | paste -sd, -)"
      arm_args+=(--arm "nginx=http://127.0.0.1:$NGINX_PORT;pids=$nginx_pids")
      say "nginx on 127.0.0.1:$NGINX_PORT (cpu $PROXY_CPU), processes $nginx_pids"
    else
      cat "$out/logs/nginx.log" "$work/nginx/logs/error.log" >&2 || true
      skip nginx "nginx did not start (see logs/nginx.log)"
    fi
  else
    skip nginx "nginx is not installed and could not be installed"
  fi
fi

# ---- 4b. the peer: Portkey's open-source gateway, one Node process on the proxy core ------------------------------
if want portkey; then
  portkey_dir="$bench_dir/.portkey/$PORTKEY_VERSION"
  if [ ! -f "$portkey_dir/node_modules/@portkey-ai/gateway/build/start-server.js" ] && command -v npm >/dev/null 2>&1; then
    say "installing @portkey-ai/gateway@$PORTKEY_VERSION with npm"
    mkdir -p "$portkey_dir"
    (cd "$portkey_dir" && npm install --no-audit --no-fund "@portkey-ai/gateway@$PORTKEY_VERSION") \
      > "$out/logs/portkey-install.log" 2>&1 || say "npm install failed (logs/portkey-install.log)"
  fi
  portkey_js="$portkey_dir/node_modules/@portkey-ai/gateway/build/start-server.js"
  if [ -f "$portkey_js" ] && command -v node >/dev/null 2>&1; then
    echo "portkey: @portkey-ai/gateway $PORTKEY_VERSION on node $(node --version)" >> "$out/machine.txt"
    NODE_ENV=production "${PIN_PROXY[@]}" node "$portkey_js" --port="$PORTKEY_PORT" --headless \
      > "$out/logs/portkey.log" 2>&1 &
    portkey_pid=$!
    pids_to_stop+=("$portkey_pid")
    if wait_http "http://127.0.0.1:$PORTKEY_PORT/" 30 "$portkey_pid"; then
      upstream="http://127.0.0.1:$MOCK_PORT/v1"
      arm_args+=(--arm "portkey=http://127.0.0.1:$PORTKEY_PORT;pids=$portkey_pid;openai-header=x-portkey-provider:openai;openai-header=x-portkey-custom-host:$upstream;anthropic-header=x-portkey-provider:anthropic;anthropic-header=x-portkey-custom-host:$upstream")
      say "portkey $PORTKEY_VERSION on 127.0.0.1:$PORTKEY_PORT (cpu $PROXY_CPU), process $portkey_pid"
    else
      tail -n 20 "$out/logs/portkey.log" >&2 || true
      skip portkey "Portkey's gateway did not start (see logs/portkey.log)"
    fi
  else
    skip portkey "node/npm or @portkey-ai/gateway@$PORTKEY_VERSION is not available"
  fi
fi

# ---- 5. Aurelis: passthrough and all-governance arms ------------------------------------------------------------
aurelis_reason=""
if want aurelis || want aurelis-gov || want aurelis-gov-sync; then
  if [ ! -x "$root/aurelis" ]; then
    aurelis_reason="Aurelis not built: no ./aurelis launcher at the repository root yet"
  else
    # build here, on both cores, rather than let ./aurelis build itself pinned to one (it rebuilds when the jar is
    # missing or older than pom.xml or src/main, and so does this)
    jar="$root/target/aurelis.jar"
    if [ ! -f "$jar" ] || [ "$root/pom.xml" -nt "$jar" ] || [ -n "$(find "$root/src/main" -newer "$jar" -print -quit)" ]; then
      say "building Aurelis (./mvnw package -DskipTests)"
      if ! (cd "$root" && ./mvnw -q -B package -DskipTests) > "$out/logs/build-aurelis.log" 2>&1; then
        aurelis_reason="Aurelis not built: ./mvnw package failed (see logs/build-aurelis.log)"
      fi
    fi
    # the launcher's AOT cache (ADR 0078), made here on both cores rather than by the first arm's launcher pinned
    # to one, with the arms' JVM options; the arms then start with it as users' servers do (AURELIS_AOT_CACHE=off
    # measures without it)
    if [ -z "$aurelis_reason" ]; then
      (cd "$root" && AURELIS_JAVA_OPTS=${BENCH_AURELIS_JAVA_OPTS:-${AURELIS_JAVA_OPTS:-}} ./aurelis aot-cache) \
        > "$out/logs/aot-cache.log" 2>&1 || true
      aot_line=$(tail -n 1 "$out/logs/aot-cache.log" | sed "s|$root/||")   # the report names no machine's paths
      say "aurelis AOT cache: $aot_line"
      echo "aurelis AOT cache: $aot_line" >> "$out/machine.txt"
    fi
  fi
fi

start_aurelis() { # arm port config [synchronous_commit]
  local arm=$1 port=$2 config=$3 sync=${4:-false} admin data pid jpids key
  admin="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  data="$work/$arm-data"
  mkdir -p "$data"
  (cd "$root" && AURELIS_BOOTSTRAP_ADMIN_KEY=$admin AURELIS_DATA_DIR=$data AURELIS_PORT=$port \
     AURELIS_LEDGER_SYNCHRONOUSCOMMIT=$sync \
     AURELIS_JAVA_OPTS=${BENCH_AURELIS_JAVA_OPTS:-${AURELIS_JAVA_OPTS:-}} \
     exec "${PIN_PROXY[@]}" ./aurelis serve --config "$config") > "$out/logs/$arm.log" 2>&1 &
  pid=$!
  pids_to_stop+=("$pid")
  echo "$arm $pid $admin" >> "$work/aurelis-started"
}

finish_aurelis() { # arm port: waits for /ready, issues a gateway key, adds the arm
  local arm=$1 port=$2 pid admin key jpids
  read -r _ pid admin < <(grep "^$arm " "$work/aurelis-started")
  if ! wait_http "http://127.0.0.1:$port/ready" 240 "$pid"; then
    tail -n 30 "$out/logs/$arm.log" >&2
    skip "$arm" "Aurelis did not become ready on port $port within 240 s (see logs/$arm.log)"
    return
  fi
  key=$(curl -fsS --max-time 10 -H "Authorization: Bearer $admin" -H 'content-type: application/json' \
          -d '{"user":"bench@example.com","team":"bench"}' "http://127.0.0.1:$port/api/v1/keys" \
        | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p') || true
  if [ -z "$key" ]; then
    skip "$arm" "Aurelis started but POST /api/v1/keys gave no key"
    return
  fi
  jpids=$(java_pids_under "$pid" | paste -sd, -)
  echo "$arm $pid $jpids" >> "$work/aurelis-jvms"
  arm_args+=(--arm "$arm=http://127.0.0.1:$port;key=$key;pids=${jpids:-$pid}")
  say "$arm ready on 127.0.0.1:$port (cpu $PROXY_CPU), JVM $jpids"
}

for arm in aurelis aurelis-gov aurelis-gov-sync; do
  want "$arm" || continue
  if [ -n "$aurelis_reason" ]; then skip "$arm" "$aurelis_reason"; continue; fi
  case "$arm" in
    aurelis) start_aurelis aurelis "$AURELIS_PORT" bench/aurelis-bench.yaml ;;
    aurelis-gov) start_aurelis aurelis-gov "$AURELIS_GOV_PORT" bench/aurelis-bench-governed.yaml ;;
    aurelis-gov-sync) start_aurelis aurelis-gov-sync "$AURELIS_SYNC_PORT" bench/aurelis-bench-governed.yaml true ;;
  esac
done
if [ -z "$aurelis_reason" ]; then
  want aurelis && finish_aurelis aurelis "$AURELIS_PORT"
  want aurelis-gov && finish_aurelis aurelis-gov "$AURELIS_GOV_PORT"
  want aurelis-gov-sync && finish_aurelis aurelis-gov-sync "$AURELIS_SYNC_PORT"
fi

# ---- 6. the measured rounds -------------------------------------------------------------------------------------
# --proxy-cpu, --load-cpu: between runs the harness waits until both cores are idle, whoever left them busy (an
# arm's database, a peer's backlog, the mock still answering it), so no arm is charged for another's leftovers
plan=(plan --out "$out" --proxy-cpu "$PROXY_CPU" --load-cpu "$LOAD_CPU" --chunks "$MOCK_CHUNKS" --rounds "$ROUNDS"
      --warmup "$WARMUP" --measure "$MEASURE" --arm-warmup "$ARM_WARMUP" --warmup-max "$WARMUP_MAX"
      --rates 500,1000,2000 --max-concurrency 64 --stream-rate 50 --body-bytes 80000)
say "measuring: warm-up until stable, then $ROUNDS round(s) of serial, 500/1000/2000 req/s, max throughput, overload (2 x max, then 500 req/s), OpenAI and Anthropic streams"
"${PIN_LOAD[@]}" "${JAVA[@]}" -jar "$work/aurelis-bench.jar" "${plan[@]}" "${arm_args[@]}" \
  2> >(tee -a "$out/logs/plan.log" >&2)

# ---- 7. JFR profiles of the Aurelis arms ------------------------------------------------------------------------
if [ -s "$work/aurelis-jvms" ]; then
  while read -r arm _ jpids; do
    jpid=${jpids%%,*}
    [ -n "$jpid" ] || continue
    say "profiling $arm (JVM $jpid) with JFR for ${PROFILE_S}s at 1,000 req/s"
    "$JAVA_HOME/bin/jcmd" "$jpid" JFR.start name=bench settings=profile > "$out/logs/jfr-$arm.log" 2>&1 || continue
    port=$AURELIS_PORT; [ "$arm" = aurelis-gov ] && port=$AURELIS_GOV_PORT; [ "$arm" = aurelis-gov-sync ] && port=$AURELIS_SYNC_PORT
    key=$(printf '%s\n' "${arm_args[@]}" | sed -n "s/^$arm=[^;]*;key=\([^;]*\);.*/\1/p")
    "${PIN_LOAD[@]}" "${JAVA[@]}" -jar "$work/aurelis-bench.jar" load \
      --arm "$arm=http://127.0.0.1:$port;key=$key" --rate 1000 --warmup 0 --measure "$PROFILE_S" \
      > "$out/raw/profile-load-$arm.json" 2>> "$out/logs/jfr-$arm.log" || true
    "$JAVA_HOME/bin/jcmd" "$jpid" JFR.stop name=bench filename="$out/raw/profile-$arm.jfr" >> "$out/logs/jfr-$arm.log" 2>&1 || true
    if [ -s "$out/raw/profile-$arm.jfr" ]; then
      { echo "# JFR profile of $arm at 1,000 req/s for ${PROFILE_S}s (settings=profile; raw/profile-$arm.jfr)"; echo
        bench jfr-summary --jfr "$out/raw/profile-$arm.jfr" --top 25 2>&1 || true
        echo; "$JAVA_HOME/bin/jfr" view --width 160 allocation-by-site "$out/raw/profile-$arm.jfr" 2>&1 || true
        echo; "$JAVA_HOME/bin/jfr" view --width 160 gc-pauses "$out/raw/profile-$arm.jfr" 2>&1 || true
      } > "$out/profile-$arm.txt"
    fi
  done < "$work/aurelis-jvms"
fi

# ---- 8. memory at many open streams (and the soak) -------------------------------------------------------------
say "memory: restarting the mock with long streams (${RSS_TTFT_MS} ms, then $RSS_CHUNKS deltas every ${RSS_INTERVAL_MS} ms)"
start_mock "$RSS_TTFT_MS" "$RSS_CHUNKS" "$RSS_INTERVAL_MS"
phases=rss
soak_arm=""
if [ $soak = 1 ]; then
  # the soak is about the gateway: the governed arm when it runs, else passthrough, else nginx (to test the soak)
  for a in aurelis-gov aurelis nginx; do
    if printf '%s\n' "${arm_args[@]}" | grep -q "^$a=http"; then soak_arm=$a; break; fi
  done
  [ -n "$soak_arm" ] && phases=rss,soak
fi
say "memory: $RSS_STREAMS streams per proxy arm (ramp ${RSS_RAMP}s, hold ${RSS_HOLD}s)${soak_arm:+, then a ${soak_minutes}-minute soak of $soak_arm}"
"${PIN_LOAD[@]}" "${JAVA[@]}" -jar "$work/aurelis-bench.jar" plan --out "$out" --phases "$phases" \
  --rss-streams "$RSS_STREAMS" --rss-ramp "$RSS_RAMP" --rss-hold "$RSS_HOLD" --rss-chunks "$RSS_CHUNKS" \
  --soak-minutes "$soak_minutes" --soak-arms "${soak_arm:-none}" --body-bytes 80000 "${arm_args[@]}" 2> >(tee -a "$out/logs/plan.log" >&2)

# ---- 9. JMH (opt-in) --------------------------------------------------------------------------------------------
if [ $jmh = 1 ]; then
  say "JMH benchmarks on cpu $PROXY_CPU"
  (cd "$work" && "${PIN_PROXY[@]}" "$JAVA_HOME/bin/java" -jar "$work/aurelis-bench.jar" jmh \
     -rf json -rff "$out/raw/jmh.json" ${BENCH_JMH_ARGS:-}) > "$out/logs/jmh.log" 2>&1 || say "JMH failed (logs/jmh.log)"
  sed -n '/^Benchmark /,$p' "$out/logs/jmh.log" | grep -v '^Benchmark result is saved' > "$out/jmh.txt"
fi

# ---- 10. the report ------------------------------------------------------------------------------------------------
elapsed=$(( $(date +%s) - started_at ))
echo "wall time: $((elapsed / 60)) min $((elapsed % 60)) s" >> "$out/machine.txt"
write_report "$out"
cat "$out/report.md"
if [ $publish = 1 ]; then publish_report "$out"; fi
say "done in $((elapsed / 60)) min $((elapsed % 60)) s: $out/report.md"
