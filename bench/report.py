"""Renders a bench/run.sh run as Markdown: header, one table per scenario, ratios of Porch to each peer, targets.

Usage: report.py META_ENV RESULTS_TSV
  META_ENV     KEY=VALUE lines written by run.sh (versions, machine, settings, Porch idle RSS)
  RESULTS_TSV  scenario, server, valid, rps, p50 ms, p99 ms, peak RSS kB, CPU µs/req, requests, notes
"""

import sys

SCENARIOS = [
    ("static-1k", "Static file, 1 KiB", "`GET /1k.html` from a folder: Porch static route, nginx `root`, Caddy `file_server`"),
    ("static-1m", "Static file, 1 MiB", "`GET /1m.bin` from the same folder"),
    ("proxy-1k", "Reverse proxy, 1 KiB",
     "`GET /1k.html` through each proxy to one nginx backend (1 worker, its own port, shared by all): "
     "Porch upstream route, nginx `proxy_pass` to an `upstream { keepalive 64; }` with HTTP/1.1, "
     "HAProxy `mode http` + `http-reuse always`, Caddy `reverse_proxy`"),
    ("proxy-protocol-keepalive", "PROXY protocol v2 in, keep-alive",
     "`GET /1k.html` through HAProxy `mode tcp` to a Porch static route, side by side: without a PROXY header, and with "
     "`send-proxy-v2` to a listener with `proxyProtocol` (HAProxy's 127.0.0.1 trusted). Each row is the HAProxy and "
     "Porch pair (CPU and RSS of both). wrk keeps its connections, so the header is parsed once per connection. "
     "Ratio column: v2 ÷ plain"),
    ("proxy-protocol-close", "PROXY protocol v2 in, a connection per request",
     "As above with wrk sending `Connection: close`: every request is a new connection through HAProxy, so a header is "
     "parsed per request, the worst case for the PROXY step. Ratio column: v2 ÷ plain"),
    ("https-1k", "HTTPS keep-alive, 1 KiB",
     "`GET /1k.html` over HTTPS (HTTP/1.1, wrk as above: one handshake per connection, then keep-alive requests): "
     "Porch static site with `\"tls\": {\"mode\": \"files\"}`, nginx `listen ssl`; the same ECDSA P-256 certificate and key"),
    ("tls-handshake", "New TLS connections (full handshakes)",
     "One `GET /1k.html` per new TLS connection, same servers and certificate: h2load runs of {HS_BATCH} fresh clients "
     "(`h2load --h1 -t1 -n {HS_BATCH} -c {HS_BATCH}`), repeated for the round's seconds. **Resumption is off on both "
     "sides**: h2load offers a saved session only when a client reconnects, which none does here (checked against nginx "
     "logging `$ssl_session_reused`: every handshake full), and nginx has `ssl_session_cache off; ssl_session_tickets off`; "
     "Porch keeps .NET's default resumption support, which a client that never offers a session cannot use. "
     "Requests/s is handshakes/s (completed connections ÷ the time h2load spent), CPU/req is CPU per handshake; "
     "h2load gives no per-request latency percentiles here. The negotiated protocol is in Notes"),
    ("tunnel-rps", "Tunnel, 1 KiB requests: `ssh -R` against `porch relay` + `porch share`",
     "`GET /1k.html` (wrk as above, keep-alive, but a {TUNNEL_WARMUP_S} s warm-up per pair: two .NET processes need longer "
     "than one to finish JIT tiering) through each tunnel to one nginx backend (1 worker). **ssh**: Debian's "
     "sshd started by the harness (own sshd_config, host key and authorized key in the run folder, 127.0.0.1 only, no "
     "PAM, no DNS) and `ssh -N -o ExitOnForwardFailure=yes -R PUB:127.0.0.1:BACKEND` with default ciphers ({SSH_CIPHER}); "
     "wrk → `http://127.0.0.1:PUB` (plain HTTP: what `ssh -R` users get). **Porch**: `porch relay --domain localhost "
     "--tls internal` (access log: see the header) and `porch share 127.0.0.1:BACKEND --relay https://localhost:P --ca ROOT --name bench --remote allow`; "
     "wrk → `https://bench.localhost:P` over **HTTPS** (TLS on the public side, SNI and Host `bench.localhost`: wrk runs "
     "in its own mount namespace whose /etc/hosts maps the name to 127.0.0.1), HTTP/2 over TLS inside the tunnel. "
     "Each row is the whole tunnel: sshd (with its per-connection children) + ssh, or relay + share; CPU/req and peak "
     "RSS count both processes of the pair. Ratio columns: Porch ÷ ssh"),
    ("tunnel-bulk", "Tunnel, {BULK_MIB} MiB download",
     "`curl --http1.1 -o /dev/null` of a {BULK_MIB} MiB random file through each tunnel (same pairs and backend), "
     "{BULK_PER_ROUND} downloads per round after downloads for a {TUNNEL_WARMUP_S} s warm-up; MiB/s = bytes ÷ curl's total time, median of all downloads; "
     "CPU column = the pair's CPU per download (ms). Ratio columns: Porch ÷ ssh"),
    ("tunnel-upload", "Tunnel, {BULK_MIB} MiB upload",
     "`curl -T` of the same file to `/upload` on the backend (nginx reads the whole body, then answers 1 KiB), one per "
     "round after the downloads; MiB/s as above; CPU column = the pair's CPU per upload (ms)"),
]
# Columns whose unit differs from requests: scenario -> (rate heading, rate unit, CPU heading, CPU divisor, CPU unit)
UNITS = {
    "tunnel-bulk": ("MiB/s", "", "CPU/download", 1000, "ms"),
    "tunnel-upload": ("MiB/s", "", "CPU/upload", 1000, "ms"),
}
TUNNEL_RPS_TARGET = 1.5
TUNNEL_MBS_TARGET = 1.0
PEER_NAMES = {"porch": "Porch", "nginx": "nginx", "caddy": "Caddy", "haproxy": "HAProxy", "ssh": "ssh -R"}
# In the PROXY protocol scenarios the "porch" row is the send-proxy-v2 pair and the peer the plain one.
ROW_NAMES = {"proxy-protocol": {"porch": "HAProxy → Porch, send-proxy-v2", "plain": "HAProxy → Porch, no PROXY header"},
             "tunnel": {"porch": "porch relay + share (HTTPS)", "ssh": "sshd + ssh -R (HTTP)"}}
PROXY_V2_MAX_COST = 0.03


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                meta[key] = value
    return meta


def read_rows(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            scenario, server, valid, rps, p50, p99, hwm, cpu, requests, notes = line.rstrip("\n").split("\t")
            rows.setdefault(scenario, []).append({
                "server": server, "valid": valid == "1", "rps": float(rps), "p50": float(p50), "p99": float(p99),
                "rss_mib": int(hwm) / 1024, "cpu_us": float(cpu), "requests": int(requests),
                "notes": "" if notes == "-" else notes.replace(";", "; "),
            })
    return rows


def ratio(a, b):
    return f"{a / b:.2f}×" if b > 0 else "n/a"


def table(rows, scenario="", transport="auto"):
    porch = next((r for r in rows if r["server"] == "porch"), None)
    names = dict(next((n for prefix, n in ROW_NAMES.items() if scenario.startswith(prefix)), {}))
    if scenario.startswith("tunnel") and transport != "auto":
        names["porch"] = f"porch relay + share (HTTPS, --transport {transport})"
    rate_name, _, cpu_name, cpu_div, cpu_unit = UNITS.get(scenario, ("Requests/s", "", "CPU/req", 1, "µs"))
    out = [
        f"| Server | {rate_name} | p50 | p99 | Peak RSS | {cpu_name} | Porch ÷ peer, {rate_name} | Porch ÷ peer, p99 | "
        f"Porch ÷ peer, RSS | Porch ÷ peer, {cpu_name} | Notes |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in rows:
        name = names.get(r["server"]) or PEER_NAMES.get(r["server"], r["server"])
        if r["valid"]:
            rps = f"{r['rps']:,.1f}" if scenario in UNITS else f"{r['rps']:,.0f}"
            p50, p99, cpu = f"{r['p50']:.2f} ms", f"{r['p99']:.2f} ms", f"{r['cpu_us'] / cpu_div:,.0f} {cpu_unit}"
            if r["p50"] == 0 and r["p99"] == 0:
                p50 = p99 = "—"
        else:
            name, rps, p50, p99, cpu = f"{name} **INVALID**", "INVALID", "—", "—", "—"
        rss = f"{r['rss_mib']:.1f} MiB" if r["rss_mib"] > 0 else "—"
        if r is porch:
            ratios = ["—"] * 4
        elif porch is None or not porch["valid"]:
            ratios = ["n/a (Porch invalid)"] * 4
        elif not r["valid"]:
            ratios = ["n/a (peer invalid)"] * 4
        else:
            ratios = [ratio(porch["rps"], r["rps"]), ratio(porch["p99"], r["p99"]) if r["p99"] > 0 else "—",
                      ratio(porch["rss_mib"], r["rss_mib"]),
                      ratio(porch["cpu_us"], r["cpu_us"])]
        out.append(f"| {name} | {rps} | {p50} | {p99} | {rss} | {cpu} | {' | '.join(ratios)} | {r['notes']} |")
    return out


def find(rows, scenario, server):
    return next((r for r in rows.get(scenario, []) if r["server"] == server), None)


def busy_warning(meta):
    cores = int(meta["NPROC"])
    peak = max(float(meta["LOAD_START"].split()[0]), float(meta["LOAD_END"].split()[0]))
    if peak <= cores:
        return []
    return [f"- **Warning**: the load average reached {peak:g} on {cores} cores during this run: other work competed "
            "with the servers and wrk, so every figure is noisy; prefer CPU/req, or re-run when the machine is quiet"]


def idle_rss_mib(meta):
    kb = int(meta.get("PORCH_IDLE_KB") or 0)
    return kb / 1024 if kb > 0 else None


def targets(rows, meta):
    out = ["| Target | Measured | Status |", "|---|---|---|"]

    def rps_target(label, scenario, with_p99):
        porch, nginx = find(rows, scenario, "porch"), find(rows, scenario, "nginx")
        if not porch or not nginx or not porch["valid"] or not nginx["valid"]:
            bad = "Porch" if not porch or not porch["valid"] else "nginx"
            out.append(f"| {label} | — | not measured ({bad} row INVALID) |")
            return
        r = porch["rps"] / nginx["rps"]
        measured = f"{r:.2f}× req/s"
        met = r >= 1.0
        if with_p99:
            measured += f", p99 {porch['p99']:.2f} ms vs {nginx['p99']:.2f} ms"
            met = met and porch["p99"] <= nginx["p99"]
        out.append(f"| {label} | {measured} | {'met' if met else '**not met**'} |")

    def proxy_v2_target(label, scenario):
        v2, plain = find(rows, scenario, "porch"), find(rows, scenario, "plain")
        if not v2 or not plain:
            return
        if not v2["valid"] or not plain["valid"]:
            out.append(f"| {label} | — | not measured ({'v2' if not v2['valid'] else 'plain'} row INVALID) |")
            return
        r = v2["rps"] / plain["rps"]
        cpu = v2["cpu_us"] / plain["cpu_us"] if plain["cpu_us"] > 0 else 0
        met = r >= 1 - PROXY_V2_MAX_COST
        out.append(f"| {label} | {r:.3f}× req/s ({(1 - r) * 100:+.1f} % cost), CPU/req {cpu:.3f}× | {'met' if met else '**not met**'} |")

    if "static-1k" in rows:
        rps_target("`porch serve` 1 KiB ≥ 1.0× nginx req/s", "static-1k", False)
    if "proxy-1k" in rows:
        rps_target("`porch proxy` ≥ 1.0× nginx `proxy_pass` req/s at equal or lower p99", "proxy-1k", True)
    if "https-1k" in rows:
        rps_target("HTTPS keep-alive req/s ≥ 1.0× nginx", "https-1k", False)
    if "tls-handshake" in rows:
        rps_target("New-connection TLS handshakes/s (full, no resumption) ≥ 1.0× nginx", "tls-handshake", False)
    proxy_v2_target(f"PROXY v2 in costs ≤ {PROXY_V2_MAX_COST:.0%} req/s, keep-alive", "proxy-protocol-keepalive")
    proxy_v2_target(f"PROXY v2 in costs ≤ {PROXY_V2_MAX_COST:.0%} req/s, a connection per request", "proxy-protocol-close")
    # The targets are for the default transport; another one's figures are labelled as such.
    transport = meta.get("SHARE_TRANSPORT") or "auto"
    via = "" if transport == "auto" else f" (share `--transport {transport}`)"
    tunnel_target(out, rows, f"Tunnel requests/s ≥ {TUNNEL_RPS_TARGET:.1f}× `ssh -R` (p99 reported){via}", "tunnel-rps", TUNNEL_RPS_TARGET)
    floor, mib = read_floor(meta), int(meta.get("BULK_MIB") or 100)
    tunnel_target(out, rows, f"Tunnel download MiB/s ≥ {TUNNEL_MBS_TARGET:.1f}× `ssh -R`{via}", "tunnel-bulk", TUNNEL_MBS_TARGET, floor, mib)
    tunnel_target(out, rows, f"Tunnel upload MiB/s ≥ {TUNNEL_MBS_TARGET:.1f}× `ssh -R`{via}", "tunnel-upload", TUNNEL_MBS_TARGET, floor, mib)
    idle_mib = idle_rss_mib(meta)
    limit = float(meta["IDLE_RSS_TARGET_MB"])
    if idle_mib is None:
        out.append(f"| Porch idle RSS ≤ {limit:.0f} MiB | — | not measured (Porch did not start, or --only) |")
    else:
        out.append(f"| Porch idle RSS ≤ {limit:.0f} MiB | {idle_mib:.1f} MiB | {'met' if idle_mib <= limit else '**not met**'} |")
    return out


def tunnel_target(out, rows, label, scenario, target, floor=None, mib=100):
    porch, ssh = find(rows, scenario, "porch"), find(rows, scenario, "ssh")
    if not porch or not ssh:
        return
    if not porch["valid"] or not ssh["valid"]:
        out.append(f"| {label} | — | not measured ({'Porch' if not porch['valid'] else 'ssh'} row INVALID) |")
        return
    r = porch["rps"] / ssh["rps"]
    measured = f"{r:.2f}×"
    if porch["p99"] > 0 and ssh["p99"] > 0:
        measured += f", p99 {porch['p99']:.2f} ms vs {ssh['p99']:.2f} ms"
    if ssh["cpu_us"] > 0:
        measured += f", CPU {porch['cpu_us'] / ssh['cpu_us']:.2f}×"
        if scenario in FLOOR_HOP and (least := floor_pair_ms(floor, scenario, mib)) is not None:
            measured += f"; the least any Porch pair spends (floor) {least * 1000 / ssh['cpu_us']:.2f}× the ssh pair's CPU"
    out.append(f"| {label} | {measured} | {'met' if r >= target else '**not met**'} |")


# bench/floor's rows: key -> (transport, direction). Its figures are ms of CPU per 100 MiB.
FLOOR_ROWS = [
    ("h2-tls-up", "HTTP/2 + TLS, SocketsHttpHandler → Kestrel (the tunnel's transport)", "share → relay (download)"),
    ("h2-tls-down", "HTTP/2 + TLS, SocketsHttpHandler → Kestrel (the tunnel's transport)", "relay → share (upload)"),
    ("h2c-up", "HTTP/2 without TLS (h2c)", "client → server"),
    ("h2c-down", "HTTP/2 without TLS (h2c)", "server → client"),
    ("tls-up", "TLS only, SslStream → SslStream", "client → server"),
    ("tls-down", "TLS only, SslStream → SslStream", "server → client"),
]
# Which floor row carries each bulk direction's bytes through the tunnel, and which one is the relay's public HTTPS
# leg (the relay is the TLS server: it sends a download to curl, it receives an upload from curl).
FLOOR_HOP = {"tunnel-bulk": "h2-tls-up", "tunnel-upload": "h2-tls-down"}
FLOOR_PUBLIC_TLS = {"tunnel-bulk": "tls-down", "tunnel-upload": "tls-up"}


def read_floor(meta):
    """bench/floor's --tsv output: key -> rate (MiB/s), client, server, both (ms per 100 MiB); None when not run."""
    path = meta.get("FLOOR_TSV")
    if not path:
        return None
    floor = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, rate, client, server, both = line.rstrip("\n").split("\t")
            floor[key] = {"rate": float(rate), "client": float(client), "server": float(server), "both": float(both)}
    return floor


def floor_hop_ms(floor, scenario, mib):
    """The floor's CPU for one bulk transfer of `mib` MiB in this scenario's direction, or None."""
    row = (floor or {}).get(FLOOR_HOP[scenario])
    return row["both"] * mib / 100 if row else None


def floor_pair_ms(floor, scenario, mib):
    """The least a Porch pair can spend on one transfer: the hop plus the relay's side of the public TLS leg, or None."""
    hop, tls = floor_hop_ms(floor, scenario, mib), (floor or {}).get(FLOOR_PUBLIC_TLS[scenario])
    return hop + tls["server"] * mib / 100 if hop is not None and tls else None


def floor_section(meta, rows):
    if "tunnel-bulk" not in rows:
        return []
    out = ["## Tunnel transport floor", ""]
    floor = read_floor(meta)
    if floor is None:
        return out + [f"Not measured: {meta.get('FLOOR_NOTE') or 'bench/floor did not run'}.", ""]
    mib = int(meta.get("BULK_MIB") or 100)
    out += ["`bench/floor` in the same run: bulk bytes through one HTTP/2 stream from SocketsHttpHandler to Kestrel over "
            "TLS, built with the share's own handler and the relay's own Kestrel settings, with **no Porch code in the "
            "data path** (two processes on loopback, 64 KiB writes and reads, 4 s warm-up, medians); next to it, HTTP/2 "
            "without TLS and TLS alone. CPU in ms per 100 MiB.", "",
            "| Transport | Direction | MiB/s | Client CPU | Server CPU | Both |", "|---|---|--:|--:|--:|--:|"]
    for key, transport, direction in FLOOR_ROWS:
        if key in floor:
            r = floor[key]
            out.append(f"| {transport} | {direction} | {r['rate']:.0f} | {r['client']:.0f} | {r['server']:.0f} | {r['both']:.0f} |")
    compare = []
    for scenario, label in (("tunnel-bulk", "download"), ("tunnel-upload", "upload")):
        ssh, porch = find(rows, scenario, "ssh"), find(rows, scenario, "porch")
        hop, least = floor_hop_ms(floor, scenario, mib), floor_pair_ms(floor, scenario, mib)
        if ssh and porch and ssh["valid"] and porch["valid"] and least is not None:
            compare.append((label, ssh["cpu_us"] / 1000, hop, least - hop, least, porch["cpu_us"] / 1000))
    if compare:
        def row(title, column):
            return f"| {title} | " + " | ".join(f"{c[column]:.0f}" for c in compare) + " |"
        out += ["", f"| CPU per {mib} MiB transfer, ms | " + " | ".join(c[0] for c in compare) + " |",
                "|---|" + "--:|" * len(compare),
                row("`ssh -R` pair, the whole job", 1),
                row("the tunnel's transport alone, one hop (floor, HTTP/2 + TLS)", 2),
                row("+ the relay's side of the public HTTPS leg (floor, TLS only, server)", 3),
                row("= the least any Porch pair spends", 4),
                row("Porch pair, measured", 5),
                ""]
        shares = ", ".join(f"{c[0]} {c[4] / c[1]:.2f}×" for c in compare)
        above = ", ".join(f"{c[0]} {c[5] - c[4]:.0f} ms" for c in compare)
        cores = int(meta["NPROC"])
        if all(c[4] >= 0.9 * c[1] for c in compare) and cores <= 2:
            out.append(f"The least a Porch pair can spend is about what the ssh pair spends on the whole job, or more "
                       f"({shares} of it), before curl's own TLS work on the same cores. On {cores} cores MiB/s follows "
                       "total CPU (the pair, curl and nginx share them), so with this transport and HTTPS on the public "
                       "side Porch cannot reach 1.0× MiB/s, whatever its own code does. Porch's own work above that "
                       f"floor: {above}.")
        else:
            out.append(f"The least a Porch pair can spend is {shares} of the ssh pair's whole job, on {cores} cores: the "
                       f"floor leaves room, and Porch's own work above it is {above}.")
    return out + [""]


def tunnel_header(meta, rows):
    if not any(key.startswith("tunnel") for key in rows):
        return []
    porch = find(rows, "tunnel-rps", "porch")
    lines = int(meta.get("RELAY_LOG_LINES") or 0)
    logged = ("its log volume is counted in tunnel-rps only" if not porch
              else f"the relay wrote {lines:,} log lines for its {porch['requests']:,} measured requests (plus warm-up and probes)"
              if porch["valid"] else "the relay's log volume is not known (its row is INVALID)")
    access = meta.get("RELAY_ACCESS_LOG") or "-"
    state = ("off (`porch relay --access-log off`), as for the other scenarios' Porch" if access == "off"
             else f"on (`porch relay --access-log {access}`, the default)")
    transport = meta.get("SHARE_TRANSPORT") or "auto"
    via = ("HTTP/2 (`--transport auto`, the default)" if transport == "auto"
           else f"`porch share --transport {transport}`" + (", the fallback: one WebSocket over HTTP/1.1 per stream"
                                                             if transport == "websocket" else ""))
    return [f"- **Tunnels**: `porch relay` and `porch share` with their default limits; the relay's access log {state}: "
            f"{logged}; sshd at `LogLevel ERROR`, ssh with `-v` (one line per forwarded connection); the share reaches "
            f"the relay over {via}"]


def main(meta_path, rows_path):
    meta, rows = read_meta(meta_path), read_rows(rows_path)
    mem_gib = int(meta["MEM_TOTAL_KB"]) / 1024 / 1024
    quick = meta["QUICK"] == "1"
    idle = idle_rss_mib(meta)
    idle_text = "not measured (Porch did not start)" if idle is None else f"{idle:.1f} MiB"
    lines = [
        f"# Porch benchmark, {meta['STARTED']}{' (quick smoke run, not for comparison)' if quick else ''}",
        "",
        f"- **Machine**: {meta['NPROC']} cores ({meta['CPU_MODEL']}), {mem_gib:.1f} GiB RAM, Linux {meta['KERNEL']}; "
        f"load average {meta['LOAD_START']} at start, {meta['LOAD_END']} at end (the machine is shared: compare ratios, not absolutes)",
        f"- **Porch**: src/ at commit {meta['PORCH']}, `dotnet publish -c Release`, .NET SDK {meta['DOTNET_SDK']}, "
        f"ASP.NET Core runtime {meta['ASPNET']}, run as `porch run --config F`",
        f"- **Peers**: nginx {meta['NGINX']}, Caddy {meta['CADDY']}, HAProxy {meta['HAPROXY']}; load generators wrk {meta['WRK']}, "
        f"h2load {meta.get('H2LOAD', '?')} (OpenSSL {meta.get('OPENSSL', '?')})"
        + (f"; {meta['OPENSSH']} for the tunnel scenarios" if meta.get("OPENSSH") else ""),
        f"- **Load**: `{meta['WRK_ARGS']}`, {meta['ROUNDS']} rounds per server "
        f"({int(meta['ROUNDS']) * int(meta['ROUND_S'])} s measured each), after a {meta['WARMUP_S']} s warm-up with the same settings. "
        "The servers of a scenario run side by side and take turns, the order rotating each round, so that other load on "
        "this shared machine falls on all of them alike. Every server is started fresh for each scenario with a "
        "generated config, on 127.0.0.1 and a port allocated by binding port 0",
        f"- **Workers**: nginx `worker_processes {meta['WORKERS']}`, HAProxy `nbthread {meta['WORKERS']}`, "
        f"Caddy `GOMAXPROCS={meta['WORKERS']}`, Porch default (`DOTNET_PROCESSOR_COUNT` unset = {meta['NPROC']}); nothing pinned, "
        "wrk shares the same cores",
        "- **Logging**: access logs off on all sides: Porch `\"accessLog\": {\"enabled\": false}`, nginx `access_log off`, "
        "Caddy without a `log` directive, HAProxy without `log` lines; error logs only",
        "- **nginx**: Debian defaults plus `sendfile on; tcp_nopush on;` (as Debian's stock nginx.conf) and "
        "`keepalive_requests 1000000` (client and upstream), because the others do not cap requests per connection",
        *tunnel_header(meta, rows),
        f"- **Porch idle RSS**: {idle_text} (`VmRSS` about 2 s after start, before any request)",
        f"- Run time {int(meta['ELAPSED_S']) // 60} min {int(meta['ELAPSED_S']) % 60} s",
        *busy_warning(meta),
        "",
        "Columns: req/s, p50 and p99 (wrk `--latency`) are the median over the rounds; peak RSS = sum of `VmHWM` over "
        "the server's processes at the end; CPU/req = the server's utime+stime during its rounds ÷ their requests. Ratios are Porch ÷ peer: req/s above 1.0× is better for Porch, "
        "p99, RSS and CPU/req below 1.0× are better for Porch. A row is **INVALID** (no numbers, no ratios) when the "
        "server did not start or exited, or answered non-2xx/3xx, or answered less than the file per request.",
        "",
    ]
    for key, title, what in SCENARIOS:
        if key not in rows:
            continue
        for name in ("HS_BATCH", "SSH_CIPHER", "BULK_MIB", "BULK_PER_ROUND", "TUNNEL_WARMUP_S"):
            title, what = title.replace("{" + name + "}", meta.get(name) or "?"), what.replace("{" + name + "}", meta.get(name) or "?")
        lines += [f"## {title}", "", what, "", *table(rows[key], key, meta.get("SHARE_TRANSPORT") or "auto"), ""]
    lines += floor_section(meta, rows)
    lines += ["## Targets", "", *targets(rows, meta), ""]
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
