# shellcheck shell=bash
# wrk runs in interleaved rounds, judged and written as one TSV row per server.
# Sourced by bench/run.sh, which sets the settings and RUN_DIR.

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
declare -A S_PID S_URL S_ERR S_PROBE S_TICKS S_REQ S_BYTES S_NON2XX S_SOCK S_NOTE S_RPS S_P50 S_P99

add_server() {  # SCENARIO SERVER PORT URL CMD...: start a fresh server for this scenario; a failed start is recorded
  local scenario=$1 server=$2 port=$3 url=$4; shift 4
  local name=$server.$scenario
  start_server "$name" "$@"
  S_ORDER+=("$server")
  S_PID[$server]=$SERVER_PID; S_URL[$server]=$url; S_ERR[$server]=; S_PROBE[$server]="000 0"
  S_TICKS[$server]=0; S_REQ[$server]=0; S_BYTES[$server]=0; S_NON2XX[$server]=0
  S_SOCK[$server]=; S_NOTE[$server]=; S_RPS[$server]=; S_P50[$server]=; S_P99[$server]=; S_SPLIT[$server]=
  wait_listening "$name" "$SERVER_PID" "$port" || S_ERR[$server]="$START_ERROR (see $name/stderr.log)"
}

running() { [[ -z ${S_ERR[$1]} ]] && kill -0 "${S_PID[$1]}" 2>/dev/null; }

WRK_EXTRA=()  # more wrk arguments for the current scenario (e.g. -H "Connection: close")
WRK_PREFIX=()  # a command wrk runs under for the current scenario (e.g. with_hosts FILE: names wrk must resolve)

wrk_for() {  # SECONDS URL OUTPUT_FILE
  timeout $(( $1 + 30 )) ${WRK_PREFIX[@]+"${WRK_PREFIX[@]}"} wrk "-t$WRK_THREADS" "-c$WRK_CONNECTIONS" "-d${1}s" ${WRK_EXTRA[@]+"${WRK_EXTRA[@]}"} --latency "$2" >"$3" 2>&1 || true
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
    [[ -z ${S_NOTE[$s]} ]] || notes+=("${S_NOTE[$s]}")
    [[ -z ${S_SPLIT[$s]:-} ]] || notes+=("$(split_note "${S_SPLIT[$s]}" "$requests")")
    # shellcheck disable=SC2086  # the per-round lists are space-separated numbers
    rps=$(median ${S_RPS[$s]}); p50=$(median ${S_P50[$s]}); p99=$(median ${S_P99[$s]})
    (( requests > 0 )) && cpu_us=$(awk -v t="${S_TICKS[$s]}" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  fi
  local joined; joined=$(IFS=';'; echo "${notes[*]-}")
  printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$scenario" "$s" "$valid" "$rps" "$p50" "$p99" "$hwm" "$cpu_us" "$requests" "${joined:--}" >>"$RESULTS_TSV"
  log "  $s: $rps $RATE_UNIT, p50 $p50 ms, p99 $p99 ms, peak RSS $(( hwm / 1024 )) MiB, $cpu_us µs per $SPLIT_UNIT$( (( valid )) || echo ' — INVALID')${joined:+ ($joined)}"
}

declare -A S_SPLIT  # per server, when measured: its CPU ticks by kind of process ("relay=120 share=80")

SPLIT_UNIT=request  # what CPU figures are per (request, download)
RATE_UNIT=req/s     # the unit of the rate column (req/s, MiB/s)

split_note() {  # "LABEL=TICKS ..." COUNT -> "CPU per request by process: relay 40 µs, share 30 µs"
  awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" -v unit="$SPLIT_UNIT" 'BEGIN {
    c = split(t, x, " "); out = ""
    for (i = 1; i <= c; i++) {
      split(x[i], kv, "="); if (kv[2] <= 0 || n <= 0) continue
      v = kv[2] * 1e6 / hz / n
      out = out (out == "" ? "" : ", ") kv[1] " " (v >= 10000 ? sprintf("%.0f ms", v / 1000) : sprintf("%.0f µs", v))
    }
    print "CPU per " unit " by process: " out
  }'
}

RECORD_HOOK=  # a function the current scenario calls with each server after its row is written (more rows)

wrk_warmup() {  # SCENARIO SERVER
  wrk_for "$WARMUP_S" "${S_URL[$2]}" "$RUN_DIR/$2.$1.warmup.wrk"
}

# measure SCENARIO BODY_BYTES [ROUND_FN WARMUP_FN]: probe and warm up every server, then ROUNDS rounds in which each
# server gets one ROUND_S run (wrk unless ROUND_FN says otherwise), the order rotating each round, so that load from
# outside the benchmark on this shared machine falls on every server alike; then one row per server, and every
# server stopped.
measure() {
  local scenario=$1 body=$2 round_fn=${3:-one_round} warmup_fn=${4:-wrk_warmup} n=${#S_ORDER[@]} s round i
  for s in "${S_ORDER[@]}"; do
    running "$s" || continue
    S_PROBE[$s]=$(probe "${S_URL[$s]}")
    "$warmup_fn" "$scenario" "$s"
  done
  for (( round = 1; round <= ROUNDS; round++ )); do
    for (( i = 0; i < n; i++ )); do
      s=${S_ORDER[$(( (i + round - 1) % n ))]}
      running "$s" && "$round_fn" "$scenario" "$s" "$round"
    done
  done
  for s in "${S_ORDER[@]}"; do
    record "$scenario" "$s" "$body"
    [[ -z $RECORD_HOOK ]] || "$RECORD_HOOK" "$s"
    stop_server "${S_PID[$s]}"
  done
  S_ORDER=()
}
