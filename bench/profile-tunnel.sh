#!/usr/bin/env bash
# Where a tunnel spends its time under a load: one pair (porch relay + share, or sshd + ssh -R) to an nginx backend,
# the load through it, and three looks, each during its own run of the load:
#   1. CPU per request by process and by thread (/proc, no tracer attached: the clean figures);
#   2. system calls per request by process (strace -c -f on every thread; strace slows the run a lot);
#   3. a CPU profile (perf record -e cpu-clock -g; .NET frames named through DOTNET_PerfMapEnabled=1).
# Output in bench/work/profile.XXXXXX/ (summary.txt, strace.*.txt, perf.*.txt). Uses bench/work/porch as published
# by bench/run.sh.
#
# LOAD=rps (the default) is tunnel-rps's wrk; LOAD=download or LOAD=upload is tunnel-bulk's curl, 100 MiB each time,
# and the per-request figures are then per transfer.
#
#   [WARMUP_S=3] [LOAD=rps|download|upload] bench/profile-tunnel.sh [porch|ssh] [SECONDS]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK_DIR=$BENCH_DIR/work
PORCH_DIR=$WORK_DIR/porch
PAIR=${1:-porch}
SECONDS_PER_LOOK=${2:-5}
[[ $PAIR == porch || $PAIR == ssh ]] || { echo "profile-tunnel.sh: the pair is porch or ssh, not '$PAIR'" >&2; exit 2; }
[[ $SECONDS_PER_LOOK =~ ^[0-9]+$ ]] && (( SECONDS_PER_LOOK >= 1 && SECONDS_PER_LOOK <= 60 )) \
  || { echo "profile-tunnel.sh: SECONDS must be 1 to 60" >&2; exit 2; }
LOAD=${LOAD:-rps}
[[ $LOAD == rps || $LOAD == download || $LOAD == upload ]] || { echo "profile-tunnel.sh: LOAD is rps, download or upload, not '$LOAD'" >&2; exit 2; }
[[ $PAIR == ssh || -x $PORCH_DIR/porch ]] || { echo "profile-tunnel.sh: $PORCH_DIR/porch not found: run bench/run.sh once" >&2; exit 1; }

WRK_THREADS=1
WRK_CONNECTIONS=50
READY_TIMEOUT_S=20
STOP_TIMEOUT_S=10
log() { printf '[profile %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# shellcheck source=bench/lib/processes.sh
source "$BENCH_DIR/lib/processes.sh"
# shellcheck source=bench/lib/configs.sh
source "$BENCH_DIR/lib/configs.sh"
# shellcheck source=bench/lib/measure.sh
source "$BENCH_DIR/lib/measure.sh"
# shellcheck source=bench/lib/tunnel.sh
source "$BENCH_DIR/lib/tunnel.sh"

PERF_MAPS=()
finish() {
  cleanup
  # .NET writes /tmp/perf-PID.map for perf; only the maps of the processes profiled here are removed.
  (( ${#PERF_MAPS[@]} == 0 )) || rm -f "${PERF_MAPS[@]}"
}
trap finish EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK_DIR"
RUN_DIR=$(mktemp -d "$WORK_DIR/profile.XXXXXX")
mkdir -p "$RUN_DIR/www"
head -c 1024 /dev/urandom | base64 -w 76 | head -c 1024 >"$RUN_DIR/www/1k.html"
BULK_MIB=100
BULK_TIMEOUT_S=60
path=/1k.html
[[ $LOAD == rps ]] || { head -c $(( BULK_MIB * 1048576 )) /dev/urandom >"$RUN_DIR/www/bulk.bin"; path=/bulk.bin; }
SUMMARY=$RUN_DIR/summary.txt

export DOTNET_PerfMapEnabled=1
# With W^X on, .NET maps its code through a memfd that perf cannot match with the map: off, JIT frames get names.
export DOTNET_EnableWriteXorExecute=0
start_backend
if [[ $PAIR == porch ]]; then add_porch_tunnel profile "$BACKEND_PORT" "$path"; else add_ssh_tunnel profile "$BACKEND_PORT" "$path"; fi
s=$PAIR
[[ -z ${S_ERR[$s]} ]] || die "${S_ERR[$s]}"
pids=$(group_pids "${S_PID[$s]}")
for pid in $pids; do PERF_MAPS+=("/tmp/perf-$pid.map"); done
WARMUP_S=${WARMUP_S:-3}  # longer lets the JIT's tiering finish before the looks
log "warm-up, ${WARMUP_S}s"

load_for() {  # SECONDS OUT: the load for about SECONDS; OUT gets wrk's report, or one curl line per transfer
  if [[ $LOAD == rps ]]; then wrk_for "$1" "${S_URL[$s]}" "$2"; return; fi
  local end=$(( SECONDS + $1 )) k
  : >"$2"
  for (( k = 0; k < 50; k++ )); do
    if [[ $LOAD == download ]]; then transfer "$s" "${S_URL[$s]}" >>"$2"
    else transfer "$s" -T "$RUN_DIR/www/bulk.bin" "${S_URL[$s]%/*}/upload" >>"$2"
    fi
    echo >>"$2"
    (( SECONDS < end )) || break
  done
}
load_for "$WARMUP_S" "$RUN_DIR/warmup.load"

label_of() {  # PID -> relay, share, sshd, ssh, bash...
  local comm cmd; comm=$(cat "/proc/$1/comm" 2>/dev/null || echo gone)
  if [[ $comm == porch ]]; then
    cmd=$(tr '\0' ' ' <"/proc/$1/cmdline")
    case " $cmd " in *" share "*) comm=share ;; *" relay "*) comm=relay ;; esac
  fi
  echo "$comm"
}

threads() {  # -> "LABEL/THREAD_NAME TICKS" per thread of the pair
  local pid t stat rest f name
  for pid in $pids; do
    for t in /proc/"$pid"/task/*; do
      stat=$(cat "$t/stat" 2>/dev/null) || continue
      rest=${stat##*) }; read -ra f <<<"$rest"
      name=${stat#*(}; name=${name%)*}
      echo "$(label_of "$pid")/${name// /_} $(( f[11] + f[12] ))"
    done
  done
}

requests_of() {  # LOAD_OUTPUT -> requests (rps) or transfers
  if [[ $LOAD == rps ]]; then parse_wrk "$1" | awk '{ print $2 }'; else grep -c . "$1"; fi
}
describe_load() {  # LOAD_OUTPUT -> one line: rate and latency, or transfers and their median MiB/s
  if [[ $LOAD == rps ]]; then parse_wrk "$1" | awk '{ printf "%s req/s, p50 %s ms, p99 %s ms", $1, $4, $5 }'
  else
    local rates; rates=$(awk -v up="$([[ $LOAD == upload ]] && echo 1)" 'NF == 4 && $4 > 0 { printf "%.1f\n", (up ? $3 : $2) / 1048576 / $4 }' "$1" | sort -n)
    echo "$LOAD $(echo "$rates" | awk '{ r[NR] = $1 } END { print (NR ? r[int((NR + 1) / 2)] : 0) }') MiB/s (median of $(echo "$rates" | grep -c .))"
  fi
}

log "look 1: CPU by process and thread, ${SECONDS_PER_LOOK}s of $LOAD"
before=$(cpu_by_process "${S_PID[$s]}"); threads >"$RUN_DIR/threads.before"
load_for "$SECONDS_PER_LOOK" "$RUN_DIR/look1.load"
after=$(cpu_by_process "${S_PID[$s]}"); threads >"$RUN_DIR/threads.after"
n=$(requests_of "$RUN_DIR/look1.load")
{
  echo "== $PAIR: $(describe_load "$RUN_DIR/look1.load"), $n requests"
  split_note "$(cpu_split_add "" "$before" "$after")" "$n"
  echo "CPU per request by thread (µs, threads above 1 µs; same-named threads summed):"
  awk -v hz="$CLK_TCK" -v n="$n" 'NR == FNR { b[$1] += $2; next } { a[$1] += $2 }
    END { for (k in a) { v = (a[k] - b[k]) * 1e6 / hz / n; if (v >= 1) printf "  %8.1f  %s\n", v, k } }' \
    "$RUN_DIR/threads.before" "$RUN_DIR/threads.after" | sort -rn
} | tee -a "$SUMMARY"

if command -v strace >/dev/null; then
  log "look 2: system calls (strace -c -f), ${SECONDS_PER_LOOK}s of $LOAD"
  tracers=()
  for pid in $pids; do
    label=$(label_of "$pid")
    [[ $label == bash ]] && continue
    args=(); for t in /proc/"$pid"/task/*; do args+=(-p "${t##*/}"); done
    timeout -s INT $(( SECONDS_PER_LOOK + 2 )) strace -c -f -o "$RUN_DIR/strace.$label.$pid.txt" "${args[@]}" 2>/dev/null &
    tracers+=($!)
  done
  sleep 1
  load_for "$SECONDS_PER_LOOK" "$RUN_DIR/look2.load"
  wait "${tracers[@]}" 2>/dev/null || true
  n=$(requests_of "$RUN_DIR/look2.load")
  {
    echo "System calls per request under strace ($n requests; the tracer slows the run, counts are what matter):"
    for f in "$RUN_DIR"/strace.*.txt; do
      [[ -s $f ]] || continue
      label=$(basename "$f" .txt); label=${label#strace.}
      # strace -c rows: % time, seconds, usecs/call, calls, [errors,] syscall; the last row is the total.
      awk -v n="$n" -v who="$label" '$NF == "total" { printf "  %-14s %6.1f calls/req:", who, $4 / n }' "$f"
      awk -v n="$n" '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" { printf "%.2f %s\n", $4 / n, $NF }' "$f" \
        | sort -rn | head -n 6 | awk '{ printf " %s %s", $2, $1 } END { print "" }'
    done
  } | tee -a "$SUMMARY"
fi

if command -v perf >/dev/null; then
  log "look 3: CPU profile (perf record -e cpu-clock -g), ${SECONDS_PER_LOOK}s of $LOAD"
  pid_list=$(echo "$pids" | tr '\n' ',' | sed 's/,$//')
  timeout -s INT $(( SECONDS_PER_LOOK + 2 )) perf record -q -e cpu-clock -F 499 -g -p "$pid_list" -o "$RUN_DIR/perf.data" >/dev/null 2>&1 &
  recorder=$!
  sleep 1
  load_for "$SECONDS_PER_LOOK" "$RUN_DIR/look3.load"
  wait "$recorder" 2>/dev/null || true
  perf report -i "$RUN_DIR/perf.data" --stdio --no-children -g none --percent-limit 1 --sort comm,dso >"$RUN_DIR/perf.dso.txt" 2>/dev/null || true
  perf report -i "$RUN_DIR/perf.data" --stdio --no-children -g none --percent-limit 0.7 --sort dso,sym >"$RUN_DIR/perf.sym.txt" 2>/dev/null || true
  {
    echo "CPU profile by thread name and library (perf, % of samples):"
    grep -v '^#' "$RUN_DIR/perf.dso.txt" | grep '%' | head -n 15 | sed 's/^/  /'
    echo "Hottest symbols:"
    grep -v '^#' "$RUN_DIR/perf.sym.txt" | grep '%' | head -n 30 | sed 's/^/  /'
  } | tee -a "$SUMMARY"
fi
# What the JIT compiled: methods compiled again and again under load (dynamic methods, new generic instances)
# show as names that keep repeating in the perf map.
for map in "${PERF_MAPS[@]}"; do
  [[ -s $map ]] || continue
  pid=${map##*/perf-}; pid=${pid%.map}
  cp "$map" "$RUN_DIR/perf-$pid.map"
  {
    echo "JIT-compiled code in process $pid ($(wc -l <"$map") entries; most repeated names, stubs included):"
    cut -d' ' -f3- "$map" | sed 's/\[[A-Za-z0-9]*\]$//' | sort | uniq -c | sort -rn | sed -n '1,8s/^/  /p'
  } | tee -a "$SUMMARY" || true
done
log "summary: $SUMMARY"
