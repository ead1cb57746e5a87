# shellcheck shell=bash
# Starting, watching and stopping the servers; reading their memory and CPU from /proc.
# Sourced by bench/run.sh, which sets the settings and RUN_DIR.

# ---------------------------------------------------------------- processes we started, stopped on every exit

STARTED_PIDS=()

# Every server runs in its own session and process group (setsid), whose id is its PID: the group holds the
# server and every process it forks (nginx workers), so measuring and stopping cover them all, orphans included.
# sshd's per-connection children call setsid() themselves and leave the group, so the descendants of every group
# member count too (from one `ps` snapshot).
group_pids() {
  ps -e -o pid= -o ppid= -o pgid= 2>/dev/null | awk -v g="$1" '
    { pid[NR] = $1; parent[NR] = $2; if ($3 == g) mine[$1] = 1 }
    END {
      do { added = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in mine) && (parent[i] in mine)) { mine[pid[i]] = 1; added = 1 } } while (added)
      for (p in mine) print p
    }'
}

stop_group() {  # PGID: SIGTERM the group and its descendants, wait, then SIGKILL what is left
  local group=$1 i pids
  pids=$(group_pids "$group")
  kill -TERM -- "-$group" 2>/dev/null || return 0
  # shellcheck disable=SC2086  # a list of PIDs, all descendants of a process this script started
  [[ -z $pids ]] || kill -TERM $pids 2>/dev/null || true
  for (( i = 0; i < STOP_TIMEOUT_S * 10; i++ )); do
    kill -0 -- "-$group" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$group" 2>/dev/null || true
  # shellcheck disable=SC2086
  [[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
  wait "$group" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_group "$pid"; done
  STARTED_PIDS=()
}

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

PROBE_CA=  # the benchmark certificate, once made: probes of https URLs trust it and nothing else

PROBE_EXTRA=()  # more curl arguments for the current scenario (e.g. --resolve NAME.localhost:PORT:127.0.0.1)

probe() {  # URL -> "STATUS BYTES" of one GET
  curl -s -o /dev/null --max-time 10 ${PROBE_CA:+--cacert "$PROBE_CA"} ${PROBE_EXTRA[@]+"${PROBE_EXTRA[@]}"} \
    -w '%{http_code} %{size_download}' "$1" || echo "000 0"
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

cpu_by_process() {  # ROOT_PID -> "LABEL=TICKS ..." summed per kind of process: relay, share, sshd, ssh, ...
  local pid stat rest f label cmd
  declare -A by=()
  for pid in $(group_pids "$1"); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    rest=${stat##*) }; read -ra f <<<"$rest"
    label=${stat#*(}; label=${label%)*}
    if [[ $label == porch ]]; then
      cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
      case " $cmd " in *" share "*) label=share ;; *" relay "*) label=relay ;; esac
    fi
    by[$label]=$(( ${by[$label]:-0} + f[11] + f[12] ))
  done
  for label in "${!by[@]}"; do printf '%s=%s ' "$label" "${by[$label]}"; done
}

cpu_split_add() {  # TOTALS BEFORE AFTER -> TOTALS + (AFTER - BEFORE), each "LABEL=TICKS ..."
  awk -v t="$1" -v b="$2" -v a="$3" 'BEGIN {
    n = split(t, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); sum[kv[1]] += kv[2] }
    n = split(b, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); sum[kv[1]] -= kv[2] }
    n = split(a, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); sum[kv[1]] += kv[2] }
    for (k in sum) printf "%s=%d ", k, sum[k]
  }'
}

CLK_TCK=$(getconf CLK_TCK)
