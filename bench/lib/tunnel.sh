# shellcheck shell=bash
# Tunnel scenarios: the same nginx backend reached through `ssh -R` (Debian's sshd and ssh, started here with their
# own config and keys) and through `porch relay` + `porch share`, side by side in one run.
# Sourced by bench/run.sh, which sets the settings and RUN_DIR; uses measure.sh and processes.sh.

TUNNEL_NAME=bench          # the Porch tunnel's name: https://bench.localhost:PORT
BULK_MIB=100               # the bulk file, downloaded (and uploaded) whole through each tunnel
BULK_PER_ROUND=2           # downloads per server and round (one upload after them)
BULK_TIMEOUT_S=120         # one transfer slower than this is a failure, not a figure
TUNNEL_READY_TIMEOUT_S=30  # the tunnel answers a probe by then (sshd + ssh, or relay + share), else INVALID
SSH_CIPHER=                # the cipher ssh negotiated, read from its -v log for the report
RELAY_LOG_LINES=           # lines the relay wrote to stdout and stderr during tunnel-rps
RELAY_ACCESS_LOG=${RELAY_ACCESS_LOG:-off}  # the relay's --access-log: off, as the other scenarios' Porch; - for stdout
SHARE_TRANSPORT=${SHARE_TRANSPORT:-auto}  # porch share --transport: auto (HTTP/2, the default), h2 or websocket

# wrk resolves names with getaddrinfo and sends the URL's host as SNI and Host; `bench.localhost` resolves nowhere
# here. So wrk runs in its own mount namespace where /etc/hosts is a file of the run folder: SNI and Host are the
# tunnel's name, as a browser would send them, and nothing outside the benchmark sees the change.
hosts_prefix() {  # HOSTS_FILE -> WRK_PREFIX
  WRK_PREFIX=(unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$1")
}

write_backend() {  # NAME PORT -> config path: nginx, 1 worker, the files, and /upload which reads a body whole
  local name=$1 port=$2 conf=$RUN_DIR/$1/nginx.conf
  mkdir -p "$RUN_DIR/$name"
  { nginx_common "$name"; echo "worker_processes 1;"
    echo "http {"; nginx_http_common "$name"
    cat <<EOF
    server {
        listen 127.0.0.1:$port;
        root $RUN_DIR/www;
        # An upload sink: proxying makes nginx read the whole request body before it answers (request buffering,
        # to a temp file in the run folder), then it answers with the 1 KiB file.
        location = /upload {
            client_max_body_size 0;
            proxy_pass http://127.0.0.1:$port/1k.html;
            proxy_method GET;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
        }
    }
}
EOF
  } >"$conf"
  echo "$conf"
}

# ---------------------------------------------------------------- ssh -R

write_sshd() {  # NAME SSH_PORT -> sshd_config path; host and client keys made in the run folder
  local name=$1 port=$2 dir=$RUN_DIR/$1
  mkdir -p "$dir"
  ssh-keygen -q -t ed25519 -N '' -C bench-host -f "$dir/host_ed25519" >/dev/null
  ssh-keygen -q -t ed25519 -N '' -C bench-client -f "$dir/client_ed25519" >/dev/null
  cp "$dir/client_ed25519.pub" "$dir/authorized_keys"
  echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$dir/host_ed25519.pub")" >"$dir/known_hosts"
  cat >"$dir/sshd_config" <<EOF
# Only what the benchmark needs: one user, one key from the run folder, remote forwarding on loopback.
ListenAddress 127.0.0.1:$port
HostKey $dir/host_ed25519
PidFile none
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
AllowUsers $(id -un)
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
AllowTcpForwarding remote
GatewayPorts no
X11Forwarding no
PermitTTY no
PrintMotd no
LogLevel ERROR
EOF
  echo "$dir/sshd_config"
}

ssh_pair_cmd() {  # SSHD_CONFIG SSH_PORT PUBLIC_PORT BACKEND_PORT -> CMD: sshd, then `ssh -N -R`, in one process group
  local dir; dir=$(dirname "$1")
  CMD=(bash -c '
    /usr/sbin/sshd -D -e -f "$1" &
    for (( i = 0; i < 200; i++ )); do (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && break; sleep 0.1; done
    # Default ciphers, no compression: what a user of ssh -R gets. -v logs the negotiated cipher (and each channel).
    ssh -v -N -F /dev/null -p "$2" -i "$5/client_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
      -o UserKnownHostsFile="$5/known_hosts" -o StrictHostKeyChecking=yes -o ExitOnForwardFailure=yes \
      -R "127.0.0.1:$3:127.0.0.1:$4" "$(id -un)@127.0.0.1" 2>"$5/ssh-client.log" &
    wait' ssh-pair "$1" "$2" "$3" "$4" "$dir")
}

add_ssh_tunnel() {  # SCENARIO BACKEND_PORT PATH
  local scenario=$1 backend=$2 path=$3 sshport public conf
  sshport=$(free_port); public=$(free_port)
  conf=$(write_sshd "ssh.$scenario" "$sshport")
  ssh_pair_cmd "$conf" "$sshport" "$public" "$backend"
  add_tunnel "$scenario" ssh "http://127.0.0.1:$public$path" "${CMD[@]}"
  SSH_CIPHER=$(grep -m1 -o 'server->client cipher: [^ ]*' "$RUN_DIR/ssh.$scenario/ssh-client.log" 2>/dev/null | awk '{ print $3 }' || true)
}

# ---------------------------------------------------------------- porch relay + porch share

PORCH_ROOT=  # the relay's local CA root (PEM), which probes and `porch share --ca` trust

porch_pair_cmd() {  # STATE RELAY_PORT TOKEN BACKEND_PORT -> CMD: the relay, then `porch share`, in one process group
  CMD=(bash -c '
    # The limits are the defaults, spelled out. The access log is off as in every other Porch scenario of the bench
    # (sshd logs nothing per request either); RELAY_ACCESS_LOG=- keeps it on standard output, the default.
    env -u DOTNET_PROCESSOR_COUNT "$1" --state "$2" relay --domain localhost --bind 127.0.0.1 --port "$3" --tls internal --max-tunnels-per-token 5 --max-streams 1024 \
      --access-log "$7" &
    for (( i = 0; i < 200; i++ )); do (exec 3<>"/dev/tcp/127.0.0.1/$3") 2>/dev/null && break; sleep 0.1; done
    env -u DOTNET_PROCESSOR_COUNT "$1" --state "$2/share" share "127.0.0.1:$5" \
      --relay "https://localhost:$3" --token "$4" --ca "$2/root.pem" --name "$6" --remote allow --transport "$8" \
      >"$2/share.stdout.log" 2>"$2/share.stderr.log" &
    wait' porch-pair "$PORCH_DIR/porch" "$1" "$2" "$3" "$4" "$TUNNEL_NAME" "$RELAY_ACCESS_LOG" "$SHARE_TRANSPORT")
}

add_porch_tunnel() {  # SCENARIO BACKEND_PORT PATH
  local scenario=$1 backend=$2 path=$3 port state token
  port=$(free_port); state=$RUN_DIR/porch.$scenario/state
  mkdir -p "$state/share"
  # The CA and the token exist before the relay starts, made by the same commands a user runs.
  "$PORCH_DIR/porch" --state "$state" ca export >"$state/root.pem" 2>"$state/ca.log" || true
  token=$("$PORCH_DIR/porch" --state "$state" relay token add bench 2>"$state/token.log" | tail -n 1) || true
  PORCH_ROOT=$state/root.pem
  PROBE_CA=$PORCH_ROOT
  PROBE_EXTRA+=(--resolve "$TUNNEL_NAME.localhost:$port:127.0.0.1")
  echo "127.0.0.1 $TUNNEL_NAME.localhost" >"$RUN_DIR/hosts"
  hosts_prefix "$RUN_DIR/hosts"
  porch_pair_cmd "$state" "$port" "$token" "$backend"
  add_tunnel "$scenario" porch "https://$TUNNEL_NAME.localhost:$port$path" "${CMD[@]}"
  [[ -n $token ]] || S_ERR[porch]="\`porch relay token add\` printed no token (see porch.$scenario/state/token.log)"
}

# ---------------------------------------------------------------- both

add_tunnel() {  # SCENARIO SERVER URL CMD...: start a tunnel pair; ready when a GET through it answers 2xx
  local scenario=$1 server=$2 url=$3 i status; shift 3
  start_server "$server.$scenario" "$@"
  S_ORDER+=("$server")
  S_PID[$server]=$SERVER_PID; S_URL[$server]=$url; S_ERR[$server]=; S_PROBE[$server]="000 0"
  S_TICKS[$server]=0; S_REQ[$server]=0; S_BYTES[$server]=0; S_NON2XX[$server]=0
  S_SOCK[$server]=; S_NOTE[$server]=; S_RPS[$server]=; S_P50[$server]=; S_P99[$server]=; S_UP[$server]=
  S_SPLIT[$server]=; S_UP_TICKS[$server]=0
  for (( i = 0; i < TUNNEL_READY_TIMEOUT_S * 4; i++ )); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    read -r status _ <<<"$(probe "$url")"
    [[ $status == 2* ]] && return 0
    sleep 0.25
  done
  S_ERR[$server]="the tunnel did not answer 2xx within ${TUNNEL_READY_TIMEOUT_S}s (last probe: HTTP $status; logs in $server.$scenario/)"
  log "$server: ${S_ERR[$server]}"
  local f
  for f in "$RUN_DIR/$server.$scenario"/*.log "$RUN_DIR/$server.$scenario"/state/*.log; do
    [[ -s $f ]] && { log "  ${f#"$RUN_DIR"/}:"; tail -n 5 "$f" >&2; }
  done
  return 0
}

start_backend() {  # -> BACKEND_PORT, BACKEND_PID
  BACKEND_PORT=$(free_port)
  local conf status; conf=$(write_backend nginx.tunnel-backend "$BACKEND_PORT")
  start_server nginx.tunnel-backend nginx -e stderr -c "$conf"
  BACKEND_PID=$SERVER_PID
  wait_listening nginx.tunnel-backend "$BACKEND_PID" "$BACKEND_PORT" || die "the backend nginx did not start"
  read -r status _ <<<"$(probe "http://127.0.0.1:$BACKEND_PORT/1k.html")"
  [[ $status == 200 ]] || die "the backend nginx answered HTTP $status"
}

tunnel_scenario() {  # SCENARIO PATH BODY_BYTES [ROUND_FN WARMUP_FN]
  local scenario=$1 path=$2 body=$3 warmup=$WARMUP_S; shift 3
  # Two .NET processes take longer than one to reach tier-1 code: after a 3 s warm-up the relay and share spent
  # about half their CPU in the JIT (bench/profile-tunnel.sh). Both pairs get the same longer warm-up.
  WARMUP_S=$TUNNEL_WARMUP_S
  start_backend
  add_ssh_tunnel "$scenario" "$BACKEND_PORT" "$path"
  add_porch_tunnel "$scenario" "$BACKEND_PORT" "$path"
  measure "$scenario" "$body" "$@"
  # Say what the relay wrote: its errors only with --access-log off, a line per request with it on.
  [[ $scenario != tunnel-rps ]] || RELAY_LOG_LINES=$(cat "$RUN_DIR/porch.$scenario"/*.log 2>/dev/null | wc -l)
  stop_server "$BACKEND_PID"
  PROBE_EXTRA=(); WRK_PREFIX=(); PROBE_CA=; WARMUP_S=$warmup
}

tunnel_wrk_round() {  # SCENARIO SERVER ROUND: one_round, with the pair's CPU split by process
  local before after
  before=$(cpu_by_process "${S_PID[$2]}")
  one_round "$@"
  after=$(cpu_by_process "${S_PID[$2]}")
  S_SPLIT[$2]=$(cpu_split_add "${S_SPLIT[$2]:-}" "$before" "$after")
}

scenario_tunnel_rps() {
  log "scenario tunnel-rps: GET /1k.html through ssh -R and through porch relay + share, to one nginx backend"
  tunnel_scenario tunnel-rps /1k.html 1024 tunnel_wrk_round wrk_warmup
}

# ---------------------------------------------------------------- bulk transfers

declare -A S_UP  # per server: upload MB/s of each round

# HTTP/1.1 on the public side of both tunnels, as wrk uses (curl would pick HTTP/2 with the relay); no
# "Expect: 100-continue", whose 1 s wait for a 100 answer would be timed as transfer.
transfer() {  # SERVER ARGS... -> "STATUS DOWNLOADED UPLOADED SECONDS" of one curl transfer through the server's tunnel
  curl -s -o /dev/null --http1.1 -H 'Expect:' --max-time "$BULK_TIMEOUT_S" ${PROBE_CA:+--cacert "$PROBE_CA"} ${PROBE_EXTRA[@]+"${PROBE_EXTRA[@]}"} \
    -w '%{http_code} %{size_download} %{size_upload} %{time_total}' "${@:2}" || echo "000 0 0 0"
}

bulk_round() {  # SCENARIO SERVER ROUND: BULK_PER_ROUND downloads, then one upload; MB/s is MiB / curl's total time
  local scenario=$1 s=$2 round=$3 cpu0 cpu1 k status down up secs rate
  local upload_url=${S_URL[$s]%/*}/upload before after
  cpu0=$(cpu_ticks "${S_PID[$s]}"); before=$(cpu_by_process "${S_PID[$s]}")
  for (( k = 0; k < BULK_PER_ROUND; k++ )); do
    read -r status down up secs <<<"$(transfer "$s" "${S_URL[$s]}")"
    [[ $status == 2* ]] || S_NON2XX[$s]=$(( ${S_NON2XX[$s]} + 1 ))
    rate=$(awk -v b="$down" -v t="$secs" 'BEGIN { printf "%.1f", (t > 0 ? b / 1048576 / t : 0) }')
    S_RPS[$s]+="$rate "; S_P50[$s]+="0 "; S_P99[$s]+="0 "
    S_REQ[$s]=$(( ${S_REQ[$s]} + 1 )); S_BYTES[$s]=$(( ${S_BYTES[$s]} + down ))
    echo "round $round download $k: HTTP $status, $down B in $secs s = $rate MiB/s" >>"$RUN_DIR/$s.$scenario.transfers"
  done
  cpu1=$(cpu_ticks "${S_PID[$s]}"); after=$(cpu_by_process "${S_PID[$s]}")
  S_TICKS[$s]=$(( ${S_TICKS[$s]} + cpu1 - cpu0 ))
  S_SPLIT[$s]=$(cpu_split_add "${S_SPLIT[$s]:-}" "$before" "$after")
  read -r status down up secs <<<"$(transfer "$s" -T "$RUN_DIR/www/bulk.bin" "$upload_url")"
  rate=$(awk -v b="$up" -v t="$secs" 'BEGIN { printf "%.1f", (t > 0 ? b / 1048576 / t : 0) }')
  if [[ $status == 2* && $up == $(( BULK_MIB * 1048576 )) ]]; then S_UP[$s]+="$rate "
  else S_NOTE[$s]+="${S_NOTE[$s]:+, }round $round upload: HTTP $status, $up B sent"
  fi
  echo "round $round upload: HTTP $status, $up B in $secs s = $rate MiB/s" >>"$RUN_DIR/$s.$scenario.transfers"
  cpu0=$(cpu_ticks "${S_PID[$s]}")
  S_UP_TICKS[$s]=$(( ${S_UP_TICKS[$s]:-0} + cpu0 - cpu1 ))
}

declare -A S_UP_TICKS  # per server: CPU ticks during its uploads

# Uploads too: their path (the relay writing to the share, the share writing to the app) is code of its own, and
# without a warm-up the first round's upload was timed while the JIT was still compiling it.
bulk_warmup() {  # SCENARIO SERVER: a download and an upload, again for the warm-up's seconds (at least once)
  local end=$(( SECONDS + WARMUP_S )) k
  for (( k = 0; k < 20; k++ )); do
    transfer "$2" "${S_URL[$2]}" >>"$RUN_DIR/$2.$1.warmup.transfer"
    transfer "$2" -T "$RUN_DIR/www/bulk.bin" "${S_URL[$2]%/*}/upload" >>"$RUN_DIR/$2.$1.warmup.transfer"
    (( SECONDS < end )) || break
  done
}

# One extra row per server for the uploads of tunnel-bulk (scenario tunnel-upload): MiB/s median, CPU per upload.
record_uploads() {  # SERVER
  local s=$1 valid=1 rate=0 notes=- n=0 cpu_us=0 hwm
  # shellcheck disable=SC2086  # space-separated numbers
  n=$(echo ${S_UP[$s]} | wc -w)
  if (( n == 0 )); then valid=0; notes="no upload completed${S_NOTE[$s]:+: ${S_NOTE[$s]}}"
  else
    # shellcheck disable=SC2086
    rate=$(median ${S_UP[$s]})
    cpu_us=$(awk -v t="${S_UP_TICKS[$s]:-0}" -v hz="$CLK_TCK" -v n="$n" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  fi
  [[ -z ${S_ERR[$s]} ]] || { valid=0; notes=${S_ERR[$s]}; }
  hwm=$(proc_sum VmHWM "${S_PID[$s]}")
  printf '%s\t%s\t%d\t%s\t0\t0\t%s\t%s\t%s\t%s\n' tunnel-upload "$s" "$valid" "$rate" "$hwm" "$cpu_us" "$n" "$notes" >>"$RESULTS_TSV"
  log "  $s upload: $rate MiB/s, $cpu_us µs per upload$( (( valid )) || echo ' — INVALID')"
}

scenario_tunnel_bulk() {
  log "scenario tunnel-bulk: a ${BULK_MIB} MiB file down and up through ssh -R and through porch relay + share"
  head -c $(( BULK_MIB * 1048576 )) /dev/urandom >"$RUN_DIR/www/bulk.bin"
  RECORD_HOOK=record_uploads; SPLIT_UNIT=download; RATE_UNIT=MiB/s
  tunnel_scenario tunnel-bulk /bulk.bin $(( BULK_MIB * 1048576 )) bulk_round bulk_warmup
  RECORD_HOOK=; SPLIT_UNIT=request; RATE_UNIT=req/s
  rm -f "$RUN_DIR/www/bulk.bin"
  tunnel_floor
}

# The tunnel transport's own cost in the same run (bench/floor, README "Tunnel floor"): the report sets it next to
# the ssh pair's CPU per transfer. A floor that does not build or run leaves a note instead, not a failed run.
FLOOR_TSV=
FLOOR_NOTE=
tunnel_floor() {
  local out=$WORK_DIR/floor rounds=5 mib=$BULK_MIB
  (( QUICK )) && { rounds=2; mib=20; }
  log "tunnel floor: building bench/floor"
  if ! timeout 300 dotnet build -c Release "$REPO_DIR/bench/floor" -o "$out" -v quiet -nologo >"$RUN_DIR/floor.build.log" 2>&1; then
    FLOOR_NOTE="bench/floor did not build (log: floor.build.log in the run folder)"; log "  $FLOOR_NOTE"; return 0
  fi
  log "tunnel floor: ${mib} MiB per transfer, $rounds rounds per row"
  if timeout 300 "$out/Porch.Bench.Floor" --mib "$mib" --rounds "$rounds" --tsv "$RUN_DIR/floor.tsv" >"$RUN_DIR/floor.md" 2>"$RUN_DIR/floor.err"; then
    FLOOR_TSV=$RUN_DIR/floor.tsv
  else
    FLOOR_NOTE="bench/floor failed: $(tail -n 1 "$RUN_DIR/floor.err")"; log "  $FLOOR_NOTE"
  fi
}
