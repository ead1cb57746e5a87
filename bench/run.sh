#!/usr/bin/env bash
# Porch against nginx, Caddy and HAProxy on this machine, in one run: static files (1 KiB, 1 MiB) and reverse proxy.
# Writes bench/results/YYYY-MM-DD-HHMM.md and prints it. See bench/README.md.
#
#   bench/run.sh [--quick] [--no-publish]
#
#   --quick       smoke run: 1 s warm-up and 2 × 2 s measured per server instead of 3 s and 3 × 5 s
#   --no-publish  reuse bench/work/porch from an earlier run instead of publishing src/Porch again
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
WORK_DIR=$BENCH_DIR/work
RESULTS_DIR=$BENCH_DIR/results
PORCH_DIR=$WORK_DIR/porch

QUICK=0
PUBLISH=1
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --no-publish) PUBLISH=0 ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# The same load for every server: one wrk thread leaves the other core to the server (2 cores here).
WRK_THREADS=1
WRK_CONNECTIONS=50
# Each server gets ROUNDS runs of ROUND_S seconds, interleaved with the other servers' (see measure).
if (( QUICK )); then WARMUP_S=1; ROUNDS=2; ROUND_S=2; else WARMUP_S=3; ROUNDS=3; ROUND_S=5; fi
WORKERS=2              # nginx worker_processes, HAProxy nbthread, Caddy GOMAXPROCS; Porch uses its default (nproc)
READY_TIMEOUT_S=20     # a server that does not accept connections by then fails the run
STOP_TIMEOUT_S=10      # SIGTERM, then SIGKILL after this long
IDLE_SETTLE_S=2        # Porch's idle RSS is read this long after start, before any request
IDLE_RSS_TARGET_MB=40

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- processes we started, stopped on every exit

STARTED_PIDS=()

# Every server runs in its own session and process group (setsid), whose id is its PID: the group holds the
# server and every process it forks (nginx workers), so measuring and stopping cover them all, orphans included.
group_pids() { pgrep -g "$1" 2>/dev/null || true; }

stop_group() {  # PGID: SIGTERM the group, wait, then SIGKILL what is left
  local group=$1 i
  kill -TERM -- "-$group" 2>/dev/null || return 0
  for (( i = 0; i < STOP_TIMEOUT_S * 10; i++ )); do
    kill -0 -- "-$group" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$group" 2>/dev/null || true
  wait "$group" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_group "$pid"; done
  STARTED_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- setup

ensure_packages() {
  local need=() cmd pkg
  for pair in wrk:wrk nginx:nginx-light caddy:caddy haproxy:haproxy h2load:nghttp2-client; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null || need+=("$pkg")
  done
  (( ${#need[@]} )) || return 0
  (( EUID == 0 )) || die "missing ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}"
  log "installing ${need[*]}"
  # Debian starts a package's service on install (nginx and Caddy on port 80); policy-rc.d 101 forbids it.
  local policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; policy_added=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >&2; then
    apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >&2 \
      || { (( policy_added )) && rm -f /usr/sbin/policy-rc.d; die "apt-get install ${need[*]} failed"; }
  fi
  (( policy_added )) && rm -f /usr/sbin/policy-rc.d
  return 0
}

free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

publish_porch() {
  if (( PUBLISH )); then
    log "publishing Porch (Release) to $PORCH_DIR"
    timeout 600 dotnet publish "$REPO_DIR/src/Porch" -c Release -o "$PORCH_DIR" -v quiet -nologo >"$RUN_DIR/publish.log" 2>&1 \
      || { tail -n 30 "$RUN_DIR/publish.log" >&2; die "dotnet publish failed (log: $RUN_DIR/publish.log)"; }
  fi
  [[ -x $PORCH_DIR/porch ]] || die "$PORCH_DIR/porch not found; run without --no-publish"
}

make_content() {  # incompressible bytes, so no server can win by compressing
  mkdir -p "$RUN_DIR/www"
  head -c 1024 /dev/urandom | base64 -w 76 | head -c 1024 >"$RUN_DIR/www/1k.html"
  head -c $((1024 * 1024)) /dev/urandom >"$RUN_DIR/www/1m.bin"
}

# ---------------------------------------------------------------- per-server configs

nginx_common() {  # NAME: the top of an nginx.conf whose every path lives in the run folder
  local name=$1 dir=$RUN_DIR/$1
  mkdir -p "$dir/tmp"
  (( EUID == 0 )) && echo "user root root;"  # workers read the run folder; no need for a www-data readable copy
  cat <<EOF
daemon off;
master_process on;
pid $dir/nginx.pid;
error_log $dir/error.log error;
events { worker_connections 4096; }
EOF
}

nginx_http_common() {  # NAME
  local dir=$RUN_DIR/$1/tmp
  cat <<EOF
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    # Kestrel, Caddy and HAProxy do not cap requests per connection; nginx's default 1000 would add reconnects.
    keepalive_requests 1000000;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
EOF
}

write_nginx_static() {  # NAME PORT WORKERS -> config path
  local name=$1 port=$2 workers=$3 conf=$RUN_DIR/$1/nginx.conf
  mkdir -p "$RUN_DIR/$name"
  { nginx_common "$name"; echo "worker_processes $workers;"
    echo "http {"; nginx_http_common "$name"
    echo "    server { listen 127.0.0.1:$port; root $RUN_DIR/www; }"
    echo "}"; } >"$conf"
  echo "$conf"
}

write_nginx_proxy() {  # NAME PORT BACKEND_PORT -> config path
  local name=$1 port=$2 backend=$3 conf=$RUN_DIR/$1/nginx.conf
  mkdir -p "$RUN_DIR/$name"
  { nginx_common "$name"; echo "worker_processes $WORKERS;"
    echo "http {"; nginx_http_common "$name"
    cat <<EOF
    upstream backend {
        server 127.0.0.1:$backend;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
  } >"$conf"
  echo "$conf"
}

write_caddy() {  # NAME PORT DIRECTIVE... -> Caddyfile path (no `log` directive: no access log)
  local name=$1 port=$2 conf=$RUN_DIR/$1/Caddyfile; shift 2
  mkdir -p "$RUN_DIR/$name"
  cat >"$conf" <<EOF
{
	admin off
	auto_https off
}
http://127.0.0.1:$port {
	bind 127.0.0.1
$(printf '\t%s\n' "$@")
}
EOF
  echo "$conf"
}

write_haproxy() {  # NAME PORT BACKEND_PORT -> config path (no `log` lines: no logs)
  local name=$1 port=$2 backend=$3 conf=$RUN_DIR/$1/haproxy.cfg
  mkdir -p "$RUN_DIR/$name"
  cat >"$conf" <<EOF
global
    nbthread $WORKERS
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    http-reuse always
frontend bench
    bind 127.0.0.1:$port
    default_backend upstream
backend upstream
    server backend 127.0.0.1:$backend
EOF
  echo "$conf"
}

write_porch() {  # NAME PORT ROUTE_JSON -> config path
  local name=$1 port=$2 route=$3 conf=$RUN_DIR/$1/porch.json
  mkdir -p "$RUN_DIR/$name"
  cat >"$conf" <<EOF
{
  "accessLog": { "enabled": false },
  "sites": [ { "name": "bench", "listen": ["127.0.0.1:$port"], "routes": [ $route ] } ]
}
EOF
  echo "$conf"
}

# ---------------------------------------------------------------- start, wait, measure

SERVER_PID=

start_server() {  # NAME CMD... : starts in the background with output to the run folder; sets SERVER_PID
  local name=$1; shift
  mkdir -p "$RUN_DIR/$name"
  # The background child is not a group leader, so setsid execs in place: $! is the server and its group id.
  setsid "$@" >"$RUN_DIR/$name/stdout.log" 2>"$RUN_DIR/$name/stderr.log" </dev/null &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
}

stop_server() {  # PID
  local pid=$1 kept=() p
  stop_group "$pid"
  for p in "${STARTED_PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]+"${kept[@]}"}")
}

START_ERROR=

wait_listening() {  # NAME PID PORT: a TCP connect succeeds (no HTTP request, so idle memory stays idle); else sets START_ERROR
  local name=$1 pid=$2 port=$3 i
  START_ERROR=
  for (( i = 0; i < READY_TIMEOUT_S * 10; i++ )); do
    if ! kill -0 "$pid" 2>/dev/null; then START_ERROR="exited during start-up"; break; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  START_ERROR=${START_ERROR:-"did not listen on 127.0.0.1:$port within ${READY_TIMEOUT_S}s"}
  log "$name $START_ERROR; last lines of $RUN_DIR/$name/stderr.log:"
  tail -n 10 "$RUN_DIR/$name/stderr.log" >&2 || true
  return 1
}

probe() {  # URL -> "STATUS BYTES" of one GET
  curl -s -o /dev/null --max-time 10 -w '%{http_code} %{size_download}' "$1" || echo "000 0"
}

proc_sum() {  # FIELD ROOT_PID: kB summed over the process tree (VmHWM, VmRSS from /proc/PID/status)
  local field=$1 pid total=0 kb
  for pid in $(group_pids "$2"); do
    kb=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    total=$(( total + ${kb:-0} ))
  done
  echo "$total"
}

cpu_ticks() {  # ROOT_PID -> utime+stime in clock ticks summed over the tree (/proc/PID/stat fields 14, 15)
  local pid total=0 stat rest f
  for pid in $(group_pids "$1"); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    rest=${stat##*) }  # the command name may hold spaces and parentheses; fields restart after the last ')'
    read -ra f <<<"$rest"
    total=$(( total + f[11] + f[12] ))
  done
  echo "$total"
}

CLK_TCK=$(getconf CLK_TCK)

parse_wrk() {  # FILE -> "rps requests bytes p50_ms p99_ms non2xx socket_errors"
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v + 0
    }
    function bytes(v,  n) {
      n = v + 0
      if (v ~ /TB$/) return n * 1024^4; if (v ~ /GB$/) return n * 1024^3
      if (v ~ /MB$/) return n * 1024^2; if (v ~ /KB$/) return n * 1024; return n
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { requests = $1; read = bytes($5) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { errs = $0; sub(/^ *Socket errors: */, "", errs) }
    END {
      printf "%s %s %.0f %s %s %d %s\n", rps + 0, requests + 0, read, p50 + 0, p99 + 0, non2xx, (errs == "" ? "-" : errs)
    }
  ' "$1"
}

RESULTS_TSV=

median() {  # NUMBERS... -> their median (0 when none)
  (( $# )) || { echo 0; return; }
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print NR == 0 ? 0 : NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The servers of the current scenario, in start order, and what their rounds add up to.
S_ORDER=()
declare -A S_PID S_URL S_ERR S_PROBE S_TICKS S_REQ S_BYTES S_NON2XX S_SOCK S_RPS S_P50 S_P99

add_server() {  # SCENARIO SERVER PORT URL CMD...: start a fresh server for this scenario; a failed start is recorded
  local scenario=$1 server=$2 port=$3 url=$4; shift 4
  local name=$server.$scenario
  start_server "$name" "$@"
  S_ORDER+=("$server")
  S_PID[$server]=$SERVER_PID; S_URL[$server]=$url; S_ERR[$server]=; S_PROBE[$server]="000 0"
  S_TICKS[$server]=0; S_REQ[$server]=0; S_BYTES[$server]=0; S_NON2XX[$server]=0
  S_SOCK[$server]=; S_RPS[$server]=; S_P50[$server]=; S_P99[$server]=
  wait_listening "$name" "$SERVER_PID" "$port" || S_ERR[$server]="$START_ERROR (see $name/stderr.log)"
}

running() { [[ -z ${S_ERR[$1]} ]] && kill -0 "${S_PID[$1]}" 2>/dev/null; }

wrk_for() {  # SECONDS URL OUTPUT_FILE
  timeout $(( $1 + 30 )) wrk "-t$WRK_THREADS" "-c$WRK_CONNECTIONS" "-d${1}s" --latency "$2" >"$3" 2>&1 || true
}

one_round() {  # SCENARIO SERVER ROUND: one measured wrk run, added to the server's totals
  local scenario=$1 s=$2 round=$3
  local out=$RUN_DIR/$s.$scenario.round$round.wrk cpu0 cpu1 rps requests bytes_read p50 p99 non2xx errs
  cpu0=$(cpu_ticks "${S_PID[$s]}")
  wrk_for "$ROUND_S" "${S_URL[$s]}" "$out"
  cpu1=$(cpu_ticks "${S_PID[$s]}")
  read -r rps requests bytes_read p50 p99 non2xx errs <<<"$(parse_wrk "$out")"
  S_TICKS[$s]=$(( ${S_TICKS[$s]} + cpu1 - cpu0 ))
  S_REQ[$s]=$(( ${S_REQ[$s]} + requests ))
  S_BYTES[$s]=$(( ${S_BYTES[$s]} + bytes_read ))
  S_NON2XX[$s]=$(( ${S_NON2XX[$s]} + non2xx ))
  S_RPS[$s]+="$rps "; S_P50[$s]+="$p50 "; S_P99[$s]+="$p99 "
  [[ $errs == - ]] || S_SOCK[$s]+="${S_SOCK[$s]:+, }round $round: $errs"
}

record() {  # SCENARIO SERVER BODY_BYTES: judge the server's rounds and write its TSV row
  local scenario=$1 s=$2 body=$3 notes=() valid=1 status size rps=0 p50=0 p99=0 hwm=0 cpu_us=0
  local requests=${S_REQ[$s]} bytes_read=${S_BYTES[$s]} non2xx=${S_NON2XX[$s]}
  read -r status size <<<"${S_PROBE[$s]}"
  if [[ -n ${S_ERR[$s]} ]]; then
    notes+=("${S_ERR[$s]}"); valid=0
  else
    hwm=$(proc_sum VmHWM "${S_PID[$s]}")
    kill -0 "${S_PID[$s]}" 2>/dev/null || { notes+=("exited during the run (see $s.$scenario/stderr.log)"); valid=0; }
    [[ $status == 2* ]] || { notes+=("probe answered HTTP $status"); valid=0; }
    [[ $status != 2* || $size == "$body" ]] || { notes+=("probe got $size B, not the $body B file"); valid=0; }
    (( non2xx == 0 )) || { notes+=("$non2xx non-2xx/3xx responses"); valid=0; }
    (( requests > 0 )) || { notes+=("no completed requests"); valid=0; }
    # wrk counts header and body bytes, printed to 2 decimals (e.g. 3.41GB): under 98 % of the body per request
    # means short or wrong answers, beyond that rounding.
    if (( requests > 0 && bytes_read * 100 < requests * body * 98 )); then
      notes+=("$(( bytes_read / requests )) B read per request < $body B body"); valid=0
    fi
    [[ -z ${S_SOCK[$s]} ]] || notes+=("wrk socket errors: ${S_SOCK[$s]}")
    # shellcheck disable=SC2086  # the per-round lists are space-separated numbers
    rps=$(median ${S_RPS[$s]}); p50=$(median ${S_P50[$s]}); p99=$(median ${S_P99[$s]})
    (( requests > 0 )) && cpu_us=$(awk -v t="${S_TICKS[$s]}" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  fi
  local joined; joined=$(IFS=';'; echo "${notes[*]-}")
  printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$scenario" "$s" "$valid" "$rps" "$p50" "$p99" "$hwm" "$cpu_us" "$requests" "${joined:--}" >>"$RESULTS_TSV"
  log "  $s: $rps req/s, p50 $p50 ms, p99 $p99 ms, peak RSS $(( hwm / 1024 )) MiB, $cpu_us µs/req$( (( valid )) || echo ' — INVALID')${joined:+ ($joined)}"
}

# measure SCENARIO BODY_BYTES: probe and warm up every server, then ROUNDS rounds in which each server gets one
# ROUND_S wrk run, the order rotating each round, so that load from outside the benchmark on this shared machine
# falls on every server alike; then one row per server, and every server stopped.
measure() {
  local scenario=$1 body=$2 n=${#S_ORDER[@]} s round i
  for s in "${S_ORDER[@]}"; do
    running "$s" || continue
    S_PROBE[$s]=$(probe "${S_URL[$s]}")
    wrk_for "$WARMUP_S" "${S_URL[$s]}" "$RUN_DIR/$s.$scenario.warmup.wrk"
  done
  for (( round = 1; round <= ROUNDS; round++ )); do
    for (( i = 0; i < n; i++ )); do
      s=${S_ORDER[$(( (i + round - 1) % n ))]}
      running "$s" && one_round "$scenario" "$s" "$round"
    done
  done
  for s in "${S_ORDER[@]}"; do
    record "$scenario" "$s" "$body"
    stop_server "${S_PID[$s]}"
  done
  S_ORDER=()
}

CMD=()

porch_cmd() {  # CONFIG -> CMD: Porch with its default processor count
  CMD=(env -u DOTNET_PROCESSOR_COUNT "$PORCH_DIR/porch" run --config "$1")
}

caddy_cmd() {  # CADDYFILE -> CMD: Caddy's autosave and storage go to the run folder, not ~/.config and ~/.local/share
  local dir; dir=$(dirname "$1")
  CMD=(env GOMAXPROCS="$WORKERS" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data" caddy run --adapter caddyfile --config "$1")
}

# ---------------------------------------------------------------- scenarios

PORCH_IDLE_KB=

porch_idle_rss() {  # the first Porch of the run, before any request
  local port; port=$(free_port)
  local conf; conf=$(write_porch porch.idle "$port" "{ \"path\": \"/\", \"root\": \"$RUN_DIR/www\" }")
  local started=$SECONDS
  porch_cmd "$conf"
  start_server porch.idle "${CMD[@]}"
  local pid=$SERVER_PID
  if ! wait_listening porch.idle "$pid" "$port"; then PORCH_IDLE_KB=0; stop_server "$pid"; return 0; fi
  sleep $(( IDLE_SETTLE_S - (SECONDS - started) > 0 ? IDLE_SETTLE_S - (SECONDS - started) : 0 ))
  sleep 0.5  # SECONDS has whole-second resolution: never read early
  PORCH_IDLE_KB=$(proc_sum VmRSS "$pid")
  log "Porch idle RSS: $(( PORCH_IDLE_KB / 1024 )) MB"
  stop_server "$pid"
}

scenario_static() {  # SCENARIO FILE BODY_BYTES
  local scenario=$1 file=$2 body=$3 port conf
  log "scenario $scenario: GET /$file"
  port=$(free_port); conf=$(write_porch "porch.$scenario" "$port" "{ \"path\": \"/\", \"root\": \"$RUN_DIR/www\" }"); porch_cmd "$conf"
  add_server "$scenario" porch "$port" "http://127.0.0.1:$port/$file" "${CMD[@]}"
  port=$(free_port); conf=$(write_nginx_static "nginx.$scenario" "$port" "$WORKERS")
  add_server "$scenario" nginx "$port" "http://127.0.0.1:$port/$file" nginx -e stderr -c "$conf"
  port=$(free_port); conf=$(write_caddy "caddy.$scenario" "$port" "root * $RUN_DIR/www" "file_server"); caddy_cmd "$conf"
  add_server "$scenario" caddy "$port" "http://127.0.0.1:$port/$file" "${CMD[@]}"
  measure "$scenario" "$body"
}

scenario_proxy() {
  local scenario=proxy-1k body=1024 backend port conf status
  log "scenario $scenario: GET /1k.html through each proxy to one nginx backend"
  backend=$(free_port); conf=$(write_nginx_static nginx.backend "$backend" 1)
  start_server nginx.backend nginx -e stderr -c "$conf"
  local backend_pid=$SERVER_PID
  wait_listening nginx.backend "$backend_pid" "$backend" || die "the backend nginx did not start"
  read -r status _ <<<"$(probe "http://127.0.0.1:$backend/1k.html")"
  [[ $status == 200 ]] || die "the backend nginx answered HTTP $status"

  port=$(free_port); conf=$(write_porch "porch.$scenario" "$port" "{ \"path\": \"/\", \"upstream\": \"127.0.0.1:$backend\" }"); porch_cmd "$conf"
  add_server "$scenario" porch "$port" "http://127.0.0.1:$port/1k.html" "${CMD[@]}"
  port=$(free_port); conf=$(write_nginx_proxy "nginx.$scenario" "$port" "$backend")
  add_server "$scenario" nginx "$port" "http://127.0.0.1:$port/1k.html" nginx -e stderr -c "$conf"
  port=$(free_port); conf=$(write_haproxy "haproxy.$scenario" "$port" "$backend")
  add_server "$scenario" haproxy "$port" "http://127.0.0.1:$port/1k.html" haproxy -db -f "$conf"
  port=$(free_port); conf=$(write_caddy "caddy.$scenario" "$port" "reverse_proxy 127.0.0.1:$backend"); caddy_cmd "$conf"
  add_server "$scenario" caddy "$port" "http://127.0.0.1:$port/1k.html" "${CMD[@]}"
  measure "$scenario" "$body"
  stop_server "$backend_pid"
}

# ---------------------------------------------------------------- report

versions() {
  local porch_commit; porch_commit=$(git -C "$REPO_DIR" log -1 --format=%h -- src 2>/dev/null || echo unknown)
  git -C "$REPO_DIR" diff --quiet HEAD -- src 2>/dev/null || porch_commit+=" + uncommitted changes in src/"
  cat <<EOF
PORCH=$porch_commit
DOTNET_SDK=$(dotnet --version 2>/dev/null || echo unknown)
ASPNET=$(dotnet --list-runtimes 2>/dev/null | awk '/AspNetCore.App/ { v = $2 } END { print v }')
NGINX=$(nginx -v 2>&1 | sed 's|.*nginx/||')
CADDY=$(caddy version 2>/dev/null | awk '{ print $1 }')
HAPROXY=$(haproxy -v 2>/dev/null | awk 'NR == 1 { print $3 }')
WRK=$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')
NPROC=$(nproc)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_TOTAL_KB=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
KERNEL=$(uname -r)
EOF
}

prune_old_runs() {  # keep the newest few run folders (logs, wrk output) for inspection
  local old
  for old in $(ls -1dt "$WORK_DIR"/run.* 2>/dev/null | tail -n +5); do rm -rf -- "$old"; done
}

main() {
  mkdir -p "$WORK_DIR" "$RESULTS_DIR"
  prune_old_runs
  RUN_DIR=$(mktemp -d "$WORK_DIR/run.XXXXXX")
  RESULTS_TSV=$RUN_DIR/results.tsv
  : >"$RESULTS_TSV"
  local started_at; started_at=$(date '+%Y-%m-%d %H:%M %Z')
  local stamp; stamp=$(date '+%Y-%m-%d-%H%M')
  local load_start; load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  local t0=$SECONDS

  ensure_packages
  publish_porch
  make_content
  porch_idle_rss
  scenario_static static-1k 1k.html 1024
  scenario_static static-1m 1m.bin $((1024 * 1024))
  scenario_proxy

  (( QUICK )) && stamp+=-quick  # smoke runs are gitignored
  local report=$RESULTS_DIR/$stamp.md
  [[ ! -e $report ]] || report=$RESULTS_DIR/$stamp-$$.md
  {
    versions
    echo "STARTED=$started_at"
    echo "LOAD_START=$load_start"
    echo "LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "ELAPSED_S=$(( SECONDS - t0 ))"
    echo "QUICK=$QUICK"
    echo "WRK_ARGS=wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${ROUND_S}s --latency"
    echo "ROUNDS=$ROUNDS"
    echo "ROUND_S=$ROUND_S"
    echo "WARMUP_S=$WARMUP_S"
    echo "WORKERS=$WORKERS"
    echo "PORCH_IDLE_KB=$PORCH_IDLE_KB"
    echo "IDLE_RSS_TARGET_MB=$IDLE_RSS_TARGET_MB"
  } >"$RUN_DIR/meta.env"
  python3 "$BENCH_DIR/report.py" "$RUN_DIR/meta.env" "$RESULTS_TSV" >"$report"
  cat "$report"
  log "report: ${report#"$REPO_DIR"/} (server logs and wrk output: ${RUN_DIR#"$REPO_DIR"/})"
}

main
