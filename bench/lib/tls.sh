# shellcheck shell=bash
# HTTPS scenarios: full TLS handshakes per second (h2load, one request per new connection, no resumption) and
# keep-alive HTTPS requests per second (wrk), Porch against nginx with the same certificate and key.
# Sourced by bench/run.sh, which sets the settings and RUN_DIR; uses measure.sh and processes.sh.

HS_BATCH=50   # clients per h2load run: each opens one connection, makes one request, and is never reused

make_certificate() {  # one ECDSA P-256 self-signed pair for every server: the certificate is not what is measured
  mkdir -p "$RUN_DIR/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$RUN_DIR/tls/privkey.pem" -out "$RUN_DIR/tls/fullchain.pem" 2>"$RUN_DIR/tls/openssl.log" \
    || die "openssl could not make the benchmark certificate (see $RUN_DIR/tls/openssl.log)"
  PROBE_CA=$RUN_DIR/tls/fullchain.pem
}

write_nginx_tls() {  # NAME PORT -> config path: static root over HTTPS, session cache and tickets off
  local name=$1 port=$2 conf=$RUN_DIR/$1/nginx.conf
  mkdir -p "$RUN_DIR/$name"
  { nginx_common "$name"; echo "worker_processes $WORKERS;"
    echo "http {"; nginx_http_common "$name"
    cat <<EOF
    server {
        listen 127.0.0.1:$port ssl;
        ssl_certificate $RUN_DIR/tls/fullchain.pem;
        ssl_certificate_key $RUN_DIR/tls/privkey.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        # No resumption on the server side: every handshake in the handshake scenario is a full one.
        ssl_session_cache off;
        ssl_session_tickets off;
        root $RUN_DIR/www;
    }
}
EOF
  } >"$conf"
  echo "$conf"
}

write_porch_tls() {  # NAME PORT -> config path: a static site over HTTPS from the same PEM files
  local name=$1 port=$2 conf=$RUN_DIR/$1/porch.json
  mkdir -p "$RUN_DIR/$name"
  cat >"$conf" <<EOF
{
  "accessLog": { "enabled": false },
  "sites": [ {
    "name": "bench", "listen": ["127.0.0.1:$port"],
    "tls": { "mode": "files", "cert": "$RUN_DIR/tls/fullchain.pem", "key": "$RUN_DIR/tls/privkey.pem" },
    "routes": [ { "path": "/", "root": "$RUN_DIR/www" } ]
  } ]
}
EOF
  echo "$conf"
}

add_tls_servers() {  # SCENARIO FILE: Porch and nginx serving FILE over HTTPS
  local scenario=$1 file=$2 port conf
  port=$(free_port); conf=$(write_porch_tls "porch.$scenario" "$port"); porch_cmd "$conf"
  add_server "$scenario" porch "$port" "https://127.0.0.1:$port/$file" "${CMD[@]}"
  port=$(free_port); conf=$(write_nginx_tls "nginx.$scenario" "$port")
  add_server "$scenario" nginx "$port" "https://127.0.0.1:$port/$file" nginx -e stderr -c "$conf"
}

scenario_https_keepalive() {  # wrk over TLS: one handshake per connection, then keep-alive requests
  log "scenario https-1k: GET /1k.html over HTTPS, keep-alive"
  add_tls_servers https-1k 1k.html
  measure https-1k 1024
}

scenario_tls_handshake() {
  log "scenario tls-handshake: one GET /1k.html per new TLS connection, no resumption"
  add_tls_servers tls-handshake 1k.html
  # The rate of a round is its completed handshakes divided by the time h2load spent on them (start-up excluded).
  measure tls-handshake 1024 handshake_round handshake_warmup
}

parse_h2load() {  # FILE -> "seconds succeeded data_bytes non2xx failed protocol"
  awk '
    function secs(v) { if (v ~ /ms,?$/) return v / 1000; if (v ~ /us,?$/) return v / 1e6; return v + 0 }
    /^finished in / { t = secs($3) }
    /^requests: / { ok = $8 + 0; failed = $10 + 0 }
    /^status codes: / { bad = $7 + $9 }
    /^traffic: / { data = $(NF - 1) }
    /^TLS Protocol: / { proto = $3 }
    END {
      gsub(/[()]/, "", data)
      printf "%.6f %d %d %d %d %s\n", t, ok, data + 0, bad, failed, (proto == "" ? "none" : proto)
    }
  ' "$1"
}

handshake_round() {  # SCENARIO SERVER ROUND: h2load runs of HS_BATCH fresh clients for ROUND_S seconds
  local scenario=$1 s=$2 round=$3 out cpu0 cpu1 t ok data bad failed proto elapsed=0 handshakes=0 batch=0
  local end=$(( SECONDS + ROUND_S ))
  cpu0=$(cpu_ticks "${S_PID[$s]}")
  while (( SECONDS < end )); do
    out=$RUN_DIR/$s.$scenario.round$round.$(( batch++ )).h2load
    # A new h2load process per batch, each client one connection and one request: h2load offers a saved session
    # only when a client reconnects, so no handshake here is resumed on the client side either.
    timeout 60 h2load --h1 -t1 -n "$HS_BATCH" -c "$HS_BATCH" "${S_URL[$s]}" >"$out" 2>&1 || true
    read -r t ok data bad failed proto <<<"$(parse_h2load "$out")"
    elapsed=$(awk -v a="$elapsed" -v b="$t" 'BEGIN { print a + b }')
    handshakes=$(( handshakes + ok ))
    S_BYTES[$s]=$(( ${S_BYTES[$s]} + data ))
    S_NON2XX[$s]=$(( ${S_NON2XX[$s]} + bad ))
    (( failed == 0 )) || S_NOTE[$s]+="${S_NOTE[$s]:+, }round $round: $failed h2load clients failed"
  done
  [[ $proto == none || ${S_NOTE[$s]} == *"negotiated $proto"* ]] || S_NOTE[$s]+="${S_NOTE[$s]:+, }negotiated $proto"
  cpu1=$(cpu_ticks "${S_PID[$s]}")
  S_TICKS[$s]=$(( ${S_TICKS[$s]} + cpu1 - cpu0 ))
  S_REQ[$s]=$(( ${S_REQ[$s]} + handshakes ))
  S_RPS[$s]+="$(awk -v n="$handshakes" -v t="$elapsed" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }') "
  S_P50[$s]+="0 "; S_P99[$s]+="0 "
}

handshake_warmup() {  # SCENARIO SERVER
  timeout 60 h2load --h1 -t1 -n "$HS_BATCH" -c "$HS_BATCH" "${S_URL[$2]}" >"$RUN_DIR/$2.$1.warmup.h2load" 2>&1 || true
}
