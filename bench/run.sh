#!/usr/bin/env bash
# Porch against nginx, Caddy and HAProxy on this machine, in one run: static files (1 KiB, 1 MiB) and reverse proxy.
# Writes bench/results/YYYY-MM-DD-HHMM.md and prints it. See bench/README.md.
#
#   bench/run.sh [--quick] [--no-publish] [--only LIST]
#
#   --quick       smoke run: 1 s warm-up and 2 × 2 s measured per server instead of 3 s and 3 × 5 s
#   --no-publish  reuse bench/work/porch from an earlier run instead of publishing src/Porch again
#   --only LIST   run only the scenarios named, or starting with, the comma-separated LIST (e.g. proxy-protocol,
#                 https-1k,tls-handshake, or tunnel for ssh -R against porch relay + share), and no idle RSS
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
WORK_DIR=$BENCH_DIR/work
RESULTS_DIR=$BENCH_DIR/results
PORCH_DIR=$WORK_DIR/porch

QUICK=0
PUBLISH=1
ALL_SCENARIOS=static-1k,static-1m,proxy-1k,proxy-protocol-keepalive,proxy-protocol-close,https-1k,tls-handshake,tunnel-rps,tunnel-bulk
ONLY=
while (( $# )); do
  case $1 in
    --quick) QUICK=1 ;;
    --no-publish) PUBLISH=0 ;;
    --only) [[ $# -ge 2 ]] || { echo "run.sh: --only needs a comma-separated list of scenarios" >&2; exit 2; }; ONLY=$2; shift ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
for scenario in ${ONLY//,/ }; do
  [[ ,$ALL_SCENARIOS == *,$scenario* ]] || { echo "run.sh: unknown scenario '$scenario' (known: $ALL_SCENARIOS)" >&2; exit 2; }
done
# SCENARIO: selected by --only (every scenario without it).
wanted() {
  [[ -z $ONLY ]] && return 0
  local prefix
  for prefix in ${ONLY//,/ }; do [[ $1 == "$prefix"* ]] && return 0; done
  return 1
}

# The same load for every server: one wrk thread leaves the other core to the server (2 cores here).
WRK_THREADS=1
WRK_CONNECTIONS=50
# Each server gets ROUNDS runs of ROUND_S seconds, interleaved with the other servers' (see measure).
if (( QUICK )); then WARMUP_S=1; ROUNDS=2; ROUND_S=2; else WARMUP_S=3; ROUNDS=3; ROUND_S=5; fi
if (( QUICK )); then TUNNEL_WARMUP_S=3; else TUNNEL_WARMUP_S=20; fi  # per pair, see tunnel.sh
WORKERS=2              # nginx worker_processes, HAProxy nbthread, Caddy GOMAXPROCS; Porch uses its default (nproc)
READY_TIMEOUT_S=20     # a server that does not accept connections by then gets an INVALID row
STOP_TIMEOUT_S=10      # SIGTERM, then SIGKILL after this long
IDLE_SETTLE_S=2        # Porch's idle RSS is read this long after start, before any request
IDLE_RSS_TARGET_MB=40

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=bench/lib/processes.sh
source "$BENCH_DIR/lib/processes.sh"
# shellcheck source=bench/lib/configs.sh
source "$BENCH_DIR/lib/configs.sh"
# shellcheck source=bench/lib/measure.sh
source "$BENCH_DIR/lib/measure.sh"
# shellcheck source=bench/lib/tls.sh
source "$BENCH_DIR/lib/tls.sh"
# shellcheck source=bench/lib/tunnel.sh
source "$BENCH_DIR/lib/tunnel.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- setup

ensure_packages() {
  local need=() cmd pkg
  for pair in wrk:wrk nginx:nginx-light caddy:caddy haproxy:haproxy h2load:nghttp2-client openssl:openssl \
      /usr/sbin/sshd:openssh-server ssh:openssh-client ssh-keygen:openssh-client unshare:util-linux; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null || [[ " ${need[*]} " == *" $pkg "* ]] || need+=("$pkg")
  done
  # sshd started as root wants its privilege separation folder, which Debian creates at boot (tmpfiles.d).
  if (( EUID == 0 )); then mkdir -p /run/sshd && chmod 755 /run/sshd; fi
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

# wrk -> HAProxy (mode tcp) -> Porch serving the 1 KiB file, once without and once with send-proxy-v2, side by side:
# the ratio is what the PROXY header costs. Each "server" is the HAProxy and Porch pair in one process group, so CPU
# and RSS count both. With keep-alive the header is parsed once per wrk connection; with "Connection: close" once
# per request, the worst case.
scenario_proxy_protocol() {  # SCENARIO [WRK_ARGS...]
  local scenario=$1 port relay conf relay_conf; shift
  WRK_EXTRA=("$@")
  log "scenario $scenario: GET /1k.html through HAProxy (mode tcp) to Porch, plain and send-proxy-v2${*:+ ($*)}"
  local route="{ \"path\": \"/\", \"root\": \"$RUN_DIR/www\" }"
  port=$(free_port); relay=$(free_port)
  conf=$(write_porch_behind_proxy "porch-plain.$scenario" "$port" false "$route")
  relay_conf=$(write_haproxy "haproxy-plain.$scenario" "$relay" "$port" tcp)
  porch_behind_haproxy_cmd "$conf" "$port" "$relay_conf"
  add_server "$scenario" plain "$relay" "http://127.0.0.1:$relay/1k.html" "${CMD[@]}"
  port=$(free_port); relay=$(free_port)
  conf=$(write_porch_behind_proxy "porch-v2.$scenario" "$port" true "$route")
  relay_conf=$(write_haproxy "haproxy-v2.$scenario" "$relay" "$port" tcp send-proxy-v2)
  porch_behind_haproxy_cmd "$conf" "$port" "$relay_conf"
  add_server "$scenario" porch "$relay" "http://127.0.0.1:$relay/1k.html" "${CMD[@]}"
  measure "$scenario" 1024
  WRK_EXTRA=()
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
OPENSSH=$(ssh -V 2>&1 | awk '{ print $1 }' | sed 's/,$//')
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
  [[ -n $ONLY ]] || porch_idle_rss
  if wanted https-1k || wanted tls-handshake; then make_certificate; fi
  if wanted static-1k; then scenario_static static-1k 1k.html 1024; fi
  if wanted static-1m; then scenario_static static-1m 1m.bin $((1024 * 1024)); fi
  if wanted proxy-1k; then scenario_proxy; fi
  if wanted proxy-protocol-keepalive; then scenario_proxy_protocol proxy-protocol-keepalive; fi
  if wanted proxy-protocol-close; then scenario_proxy_protocol proxy-protocol-close -H "Connection: close"; fi
  if wanted https-1k; then scenario_https_keepalive; fi
  if wanted tls-handshake; then scenario_tls_handshake; fi
  if wanted tunnel-rps; then scenario_tunnel_rps; fi
  if wanted tunnel-bulk; then scenario_tunnel_bulk; fi

  (( QUICK )) && stamp+=-quick  # smoke runs are gitignored
  [[ -z $ONLY ]] || stamp+=-${ONLY//,/-}
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
    echo "HS_BATCH=$HS_BATCH"
    echo "H2LOAD=$(h2load --version 2>/dev/null | awk '{ print $NF }')"
    echo "OPENSSL=$(openssl version 2>/dev/null | awk '{ print $2 }')"
    echo "ROUNDS=$ROUNDS"
    echo "ROUND_S=$ROUND_S"
    echo "WARMUP_S=$WARMUP_S"
    echo "WORKERS=$WORKERS"
    echo "PORCH_IDLE_KB=$PORCH_IDLE_KB"
    echo "SSH_CIPHER=$SSH_CIPHER"
    echo "RELAY_LOG_LINES=$RELAY_LOG_LINES"
    echo "RELAY_ACCESS_LOG=$RELAY_ACCESS_LOG"
    echo "SHARE_TRANSPORT=$SHARE_TRANSPORT"
    echo "BULK_MIB=$BULK_MIB"
    echo "BULK_PER_ROUND=$BULK_PER_ROUND"
    echo "TUNNEL_WARMUP_S=$TUNNEL_WARMUP_S"
    echo "FLOOR_TSV=$FLOOR_TSV"
    echo "FLOOR_NOTE=$FLOOR_NOTE"
    echo "IDLE_RSS_TARGET_MB=$IDLE_RSS_TARGET_MB"
  } >"$RUN_DIR/meta.env"
  python3 "$BENCH_DIR/report.py" "$RUN_DIR/meta.env" "$RESULTS_TSV" >"$report"
  cat "$report"
  log "report: ${report#"$REPO_DIR"/} (server logs and wrk output: ${RUN_DIR#"$REPO_DIR"/})"
}

main
