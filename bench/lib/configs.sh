# shellcheck shell=bash
# Config files and command lines for each server, every path inside the run folder.
# Sourced by bench/run.sh, which sets the settings and RUN_DIR.

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

write_haproxy() {  # NAME PORT BACKEND_PORT [MODE [SERVER_OPTIONS]] -> config path (no `log` lines: no logs)
  # mode http (default): an HTTP proxy reusing upstream connections; mode tcp: a relay, with a PROXY header if the
  # server options ask for one (send-proxy, send-proxy-v2).
  local name=$1 port=$2 backend=$3 mode=${4:-http} options=${5:-} conf=$RUN_DIR/$1/haproxy.cfg reuse=
  [[ $mode == http ]] && reuse="    http-reuse always"
  mkdir -p "$RUN_DIR/$name"
  cat >"$conf" <<EOF
global
    nbthread $WORKERS
    maxconn 4096
defaults
    mode $mode
    timeout connect 5s
    timeout client 30s
    timeout server 30s
$reuse
frontend bench
    bind 127.0.0.1:$port
    default_backend upstream
backend upstream
    server backend 127.0.0.1:$backend $options
EOF
  echo "$conf"
}

write_porch_behind_proxy() {  # NAME PORT PROXY_PROTOCOL(true|false) ROUTE_JSON -> config path: 127.0.0.1 is the trusted proxy
  local name=$1 port=$2 proxy_protocol=$3 route=$4 conf=$RUN_DIR/$1/porch.json
  mkdir -p "$RUN_DIR/$name"
  cat >"$conf" <<EOF
{
  "accessLog": { "enabled": false },
  "trustedProxies": ["127.0.0.1"],
  "sites": [ { "name": "bench", "listen": [ { "address": "127.0.0.1:$port", "proxyProtocol": $proxy_protocol } ], "routes": [ $route ] } ]
}
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

CMD=()

porch_cmd() {  # CONFIG -> CMD: Porch with its default processor count
  CMD=(env -u DOTNET_PROCESSOR_COUNT "$PORCH_DIR/porch" run --config "$1")
}

porch_behind_haproxy_cmd() {  # PORCH_CONFIG PORCH_PORT HAPROXY_CONFIG -> CMD: both in one process group, HAProxy once Porch listens
  CMD=(bash -c 'env -u DOTNET_PROCESSOR_COUNT "$1" run --config "$2" &
    until (exec 3<>"/dev/tcp/127.0.0.1/$3") 2>/dev/null; do sleep 0.1; done
    haproxy -db -f "$4" &
    wait' porch-behind-haproxy "$PORCH_DIR/porch" "$1" "$2" "$3")
}

caddy_cmd() {  # CADDYFILE -> CMD: Caddy's autosave and storage go to the run folder, not ~/.config and ~/.local/share
  local dir; dir=$(dirname "$1")
  CMD=(env GOMAXPROCS="$WORKERS" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data" caddy run --adapter caddyfile --config "$1")
}
