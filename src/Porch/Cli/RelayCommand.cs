using System.CommandLine;
using System.Net;
using Porch.Acme;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tunnel.Relay;
using Porch.Tunnel.Relay.Certificates;
using Porch.Wire.Tunnel;

namespace Porch.Cli;

/// <summary>
/// <c>porch relay --domain DOMAIN</c>: the public half of the tunnel. One HTTPS port serves the tunnels' visitors
/// (NAME.DOMAIN) and accepts <c>porch share</c> clients (DOMAIN); <c>token</c> and <c>status</c> manage it.
/// </summary>
internal static class RelayCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var domain = new Option<string?>("--domain") { Description = "The relay's name; each tunnel gets NAME.DOMAIN (use localhost to try it on this machine)" };
        var port = new Option<int>("--port", "-p") { Description = "HTTPS port for visitors and tunnel clients", DefaultValueFactory = _ => 443 };
        var httpPort = new Option<int?>("--http-port") { Description = "Plain-HTTP port: answers ACME HTTP-01 challenges and redirects the rest to HTTPS" };
        var tls = new Option<string?>("--tls") { Description = "internal (Porch's local CA), acme (a public CA; the default for a public DOMAIN) or off (plain HTTP, for trials behind another proxy)" };
        var bind = new Option<string?>("--bind") { Description = "Listen on this address only (default: every interface, since a relay is public)" };
        var tunnelsPerToken = new Option<int>("--max-tunnels-per-token") { Description = "Tunnels one token may hold at once", DefaultValueFactory = _ => TunnelProtocol.DefaultTunnelsPerToken };
        var maxStreams = new Option<int>("--max-streams") { Description = "Concurrent connections per tunnel; more wait briefly, then get 503", DefaultValueFactory = _ => TunnelProtocol.DefaultMaxStreams };
        var tcpPorts = new Option<string?>("--tcp-ports") { Description = "Public TCP ports for tunnels that ask for one (porch share --tcp), such as 20000-20099; none by default", HelpName = "FROM-TO" };
        var maxBodySize = new Option<string?>("--max-body-size") { Description = "Largest request body a visitor may send, e.g. 100MB, or unlimited" };
        var accessLog = new Option<string?>("--access-log")
        {
            Description = "Where visitors' requests are logged: - for standard output (the default), a file, or off",
        };
        var acme = new RelayAcmeOptions();
        var command = new Command("relay", "Run a tunnel relay: porch share clients connect here and get https://NAME.DOMAIN")
        {
            domain, port, httpPort, tls, bind, tunnelsPerToken, maxStreams, maxBodySize, tcpPorts, accessLog,
            RelayTokenCommand.Create(stdout, stderr),
            RelayStatusCommand.Create(stdout, stderr),
        };
        acme.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(tls) is { } mode && mode is not ("internal" or "acme" or "off"))
            {
                result.AddError($"--tls {mode} is not a relay mode; use internal, acme or off");
            }

            if (result.GetValue(port) is < 0 or > 65535 || result.GetValue(httpPort) is < 1 or > 65535)
            {
                result.AddError("--port and --http-port take a port number from 1 to 65535");
            }

            if (result.GetValue(tcpPorts) is { } range && TcpPortRange.Parse(range, out var rangeError) is null)
            {
                result.AddError(rangeError!);
            }

            if (result.GetValue(bind) is { } address && !IPAddress.TryParse(address, out _))
            {
                result.AddError($"--bind {address} is not an IP address; use one of this machine's addresses, such as 192.0.2.10 or ::1");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(domain)?.Trim().TrimEnd('.').ToLowerInvariant() is not { Length: > 0 } name || Uri.CheckHostName(name) != UriHostNameType.Dns)
            {
                stderr.WriteLine("porch relay: --domain DOMAIN is needed, a DNS name such as tunnel.example.com (or localhost to try it here)");
                return PorchRunner.ExitInvalidConfig;
            }

            if (result.GetValue(tunnelsPerToken) < 1 || result.GetValue(maxStreams) is < 1 or > 50_000)
            {
                stderr.WriteLine("porch relay: --max-tunnels-per-token must be at least 1, and --max-streams from 1 to 50000");
                return PorchRunner.ExitInvalidConfig;
            }

            var mode = result.GetValue(tls) ?? (AcmeSettingsCompiler.IsPublicName(name) ? "acme" : "internal");
            var state = GlobalOptions.ResolveState(result);
            using var logging = PorchLogging.CreateFactory();
            var logger = logging.CreateLogger("Porch.Tunnel.Relay");
            TokenStore tokens;
            NameReservationFile names;
            try
            {
                tokens = TokenStore.Open(state, TimeProvider.System, logger);
                names = NameReservationFile.Open(state, logger);
            }
            catch (RelayStateFileException e)
            {
                // A damaged token or name file is the user's data: say which and how to fix it, never start over it.
                stderr.WriteLine($"porch relay: {e.Message}");
                return PorchRunner.ExitInvalidConfig;
            }

            using var ownedTokens = tokens;
            var settings = new RelaySettings(name, mode == "off" ? "http" : "https")
            {
                PublicPort = result.GetValue(port),
                MaxTunnelsPerToken = result.GetValue(tunnelsPerToken),
                MaxStreams = result.GetValue(maxStreams),
                TcpPorts = result.GetValue(tcpPorts) is { } range ? TcpPortRange.Parse(range, out _) : null,
                TcpBind = result.GetValue(bind) is { } bindAddress ? IPAddress.Parse(bindAddress) : null,
            };
            var relay = new RelayExtension(settings, tokens, names, stderr, TimeProvider.System)
            {
                StateDirectory = state,
                CertificateLogger = logger,
            };
            tokens.Revoked += relay.Revoke;
            var config = RelayConfig.Build(
                settings,
                Listen(result.GetValue(bind), result.GetValue(port)),
                result.GetValue(httpPort) is { } http ? [Listen(result.GetValue(bind), http)] : [],
                mode,
                result.GetValue(maxBodySize),
                mode == "acme" ? acme.Build(result, result.GetValue(httpPort) is not null) : null,
                relay,
                AccessLog(result.GetValue(accessLog)));
            return await new PorchRunner(stdout, stderr) { StateDirectory = state, Extension = relay }.RunAsync(config, Environment.CurrentDirectory, null, cancellationToken);
        });
        return command;
    }

    /// <summary><c>off</c> turns the log off (a benchmark, or a relay whose visitors' privacy comes first); else a path or <c>-</c>.</summary>
    private static AccessLogConfig AccessLog(string? value) => value switch
    {
        null or "-" => new AccessLogConfig(),
        "off" => new AccessLogConfig { Enabled = false },
        _ => new AccessLogConfig { Path = value },
    };

    private static string Listen(string? bind, int port) => bind is null
        ? ListenAddress.AnyInterface(port).ToString()
        : IPAddress.Parse(bind).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bind}]:{port}" : $"{bind}:{port}";
}
