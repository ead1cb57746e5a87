using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tunnel.Client;
using Porch.Wire.Tunnel;

namespace Porch.Cli;

/// <summary>
/// <c>porch share TARGET --relay URL --token T</c>: the app at TARGET (as for <c>porch proxy</c>) gets a public HTTPS
/// address at the relay, through one outbound connection. The work lives in <see cref="ShareClient"/>.
/// </summary>
internal static class ShareCommand
{
    /// <param name="stdout">The public URL and its QR code.</param>
    /// <param name="stderr">The <c>porch share: </c> state lines.</param>
    /// <param name="input">Where the --remote-password password is read.</param>
    /// <param name="environment">Where PORCH_TOKEN is read (the process environment unless a test gives another).</param>
    /// <param name="terminal">Whether stdout is a terminal (QR code by default); null: asks the console.</param>
    public static Command Create(
        TextWriter stdout, TextWriter stderr, PasswordInput? input = null, Func<string, string?>? environment = null, bool? terminal = null)
    {
        var target = new Argument<string>("TARGET")
        {
            Description = "The app to share: a port (8000), host:port (127.0.0.1:8000) or a URL (http://, https://, h2c://)",
        };
        var relay = new Option<string>("--relay") { Description = "The relay's address, such as https://relay.example.com", HelpName = "URL" };
        var token = new Option<string?>("--token") { Description = $"The relay token (or --token-file, or {ShareToken.Variable})", HelpName = "T" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "A file holding the relay token", HelpName = "FILE" };
        var name = new Option<string?>("--name") { Description = "The subdomain to ask for (default: a random one)", HelpName = "NAME" };
        var ca = new Option<FileInfo?>("--ca") { Description = "Trust this root certificate (PEM) for the relay, besides the system's", HelpName = "PEM" };
        var qr = new Option<bool>("--qr") { Description = "Print a QR code of the public URL (default when stdout is a terminal)" };
        var noQr = new Option<bool>("--no-qr") { Description = "Never print the QR code" };
        var transport = new Option<string?>("--transport")
        {
            Description = "How to reach the relay: auto (HTTP/2, then WebSockets if the way strips HTTP/2), h2, or websocket",
            HelpName = string.Join('|', TunnelTransports.Names),
        };
        var access = new AccessOptions();
        var tcp = new ShareTcpOptions();
        var command = new Command("share", "Give a local app a public HTTPS address through a porch relay")
        {
            target, relay, token, tokenFile, name, ca, qr, noQr, transport,
        };
        access.AddTo(command);
        tcp.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            // Checked here rather than by the parser so each problem is one "porch share:" line and exit 2, like the
            // token problems below, instead of the parser's exit 1 followed by the whole help text.
            if (UsageProblem(result) is { } usage)
            {
                stderr.WriteLine($"{ShareReporter.Prefix}{usage}");
                return PorchRunner.ExitInvalidConfig;
            }

            if (TunnelTransports.Parse(result.GetValue(transport)) is not { } mode)
            {
                stderr.WriteLine($"{ShareReporter.Prefix}--transport \"{result.GetValue(transport)}\" is not a transport; choose {string.Join(", ", TunnelTransports.Names)}");
                return PorchRunner.ExitInvalidConfig;
            }

            var (tokenValue, tokenError) = ShareToken.Resolve(result.GetValue(token), result.GetValue(tokenFile), environment ?? Environment.GetEnvironmentVariable);
            if (tokenValue is null)
            {
                stderr.WriteLine($"{ShareReporter.Prefix}{tokenError}");
                return PorchRunner.ExitInvalidConfig;
            }

            if (!tcp.Check(result, access, out var proxyProtocol, out var tcpError))
            {
                stderr.WriteLine($"{ShareReporter.Prefix}{tcpError}");
                return PorchRunner.ExitInvalidConfig;
            }

            var roots = (X509Certificate2Collection?)null;
            if (result.GetValue(ca) is { } caFile)
            {
                roots = LoadRoots(caFile, stderr);
                if (roots is null)
                {
                    return PorchRunner.ExitInvalidConfig;
                }
            }

            var accessConfig = access.Build(result, input ?? PasswordInput.FromConsole(stderr));
            if (accessConfig is null)
            {
                return PorchRunner.ExitInvalidConfig;
            }

            if (!UpstreamAddress.TryParse(result.GetValue(target), out var targetUri, out _))
            {
                return PorchRunner.ExitInvalidConfig;
            }

            var (tunnelAccess, guest) = ShareAccess.Build(accessConfig, GuestPassword.Generate);
            var settings = new ShareSettings(
                RelayUri(result.GetValue(relay))!, tokenValue, targetUri!, ShareHello.Build(targetUri!, result.GetValue(name), tunnelAccess, result.GetValue(tcp.Tcp)), roots, guest)
            {
                ProxyProtocol = proxyProtocol,
            };
            var showQr = result.GetValue(qr) || (!result.GetValue(noQr) && (terminal ?? (ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected)));
            // Ctrl-C and SIGTERM end the control request, so the relay takes the tunnel offline at once instead of
            // after its PING timeout, and the client exits 0 with its "stopped" line.
            using var signals = StopSignals.Listen(cancellationToken);
            using var loggerFactory = PorchLogging.CreateFactory();
            var reporter = new ShareReporter(stdout, stderr, showQr);
            var transports = new TunnelTransports(mode, reporter);
            var client = new ShareClient(
                settings,
                transports.Create,
                reporter,
                TimeProvider.System,
                Random.Shared.NextDouble,
                loggerFactory.CreateLogger("Porch.Share"));
            return await client.RunAsync(signals.Token);
        });
        return command;

        string? UsageProblem(ParseResult result)
        {
            if (!UpstreamAddress.TryParse(result.GetValue(target), out _, out var targetError))
            {
                return $"TARGET {targetError}";
            }

            if (result.GetValue(relay) is not { } relayText)
            {
                return "--relay URL is needed: the address of the relay, such as https://relay.example.com";
            }

            if (RelayUri(relayText) is null)
            {
                return $"--relay \"{relayText}\" is not an https:// or http:// URL; write the relay's address, such as https://relay.example.com";
            }

            if (result.GetValue(name) is { } asked && !TunnelName.IsValid(asked, out var nameError))
            {
                return $"--name {nameError}";
            }

            return result.GetValue(qr) && result.GetValue(noQr) ? "--qr and --no-qr contradict each other; keep one" : null;
        }
    }

    /// <summary>The relay's base URL; a bare host name means https://.</summary>
    private static Uri? RelayUri(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0 &&
               string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : null;
    }

    private static X509Certificate2Collection? LoadRoots(FileInfo file, TextWriter stderr)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            stderr.WriteLine($"{ShareReporter.Prefix}--ca {file.FullName} cannot be read as PEM certificates ({e.Message}); give the relay's root, such as the one `porch ca export` writes");
            return null;
        }

        if (roots.Count == 0)
        {
            stderr.WriteLine($"{ShareReporter.Prefix}--ca {file.FullName} holds no certificate; give the relay's root certificate in PEM");
            return null;
        }

        return roots;
    }
}
