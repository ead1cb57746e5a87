using System.CommandLine;
using Porch.Configuration;

namespace Porch.Cli;

/// <summary>--port and --lan, shared by the one-line verbs (serve, proxy).</summary>
internal sealed class ListenOptions
{
    public const int DefaultPort = 8080;

    public Option<int> Port { get; } = new("--port", "-p")
    {
        Description = "Port to listen on",
        DefaultValueFactory = _ => DefaultPort,
    };

    public Option<bool> Lan { get; } = new("--lan")
    {
        Description = "Listen on every interface (IPv4 and IPv6) so your network can connect; default is this machine only",
    };

    public Option<string?> Tls { get; } = new("--tls")
    {
        Description = "HTTPS: internal (Porch's local CA; trust it with `porch ca trust`), files (with --cert and --key), or acme (a public CA, for --domain)",
    };

    public Option<string[]> Domain { get; } = new("--domain")
    {
        Description = "A public name of the site (repeatable); with --tls acme its certificate is issued for these names",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int?> HttpPort { get; } = new("--http-port")
    {
        Description = "Plain-HTTP port beside the HTTPS one: answers ACME HTTP-01 challenges and redirects the rest to HTTPS",
    };

    public AcmeOptions Acme { get; } = new();

    public Option<FileInfo?> Cert { get; } = new("--cert")
    {
        Description = "Certificate chain PEM file (fullchain.pem), for HTTPS with your own certificate; reloaded when it changes",
    };

    public Option<FileInfo?> Key { get; } = new("--key")
    {
        Description = "Private key PEM file (privkey.pem) of --cert",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Port);
        command.Options.Add(Lan);
        command.Options.Add(Tls);
        command.Options.Add(Cert);
        command.Options.Add(Key);
        command.Options.Add(Domain);
        command.Options.Add(HttpPort);
        Acme.AddTo(command);
        command.Validators.Add(result =>
        {
            var tls = result.GetValue(Tls);
            var acme = string.Equals(tls, "acme", StringComparison.OrdinalIgnoreCase) || string.Equals(tls, "auto", StringComparison.OrdinalIgnoreCase);
            if (acme && result.GetValue(Domain) is not { Length: > 0 })
            {
                result.AddError($"--tls {tls} needs the site's public name: add --domain NAME (repeat it for more names)");
            }

            if (result.GetValue(HttpPort) is { } http && (http is < 1 or > 65535 || tls is null))
            {
                result.AddError(tls is null
                    ? "--http-port redirects plain HTTP to HTTPS; use it with --tls (e.g. --tls acme --domain NAME)"
                    : $"--http-port {http} is not a port; use a number from 1 to 65535");
            }

            if (!acme && (result.GetValue(Acme.Ca) is not null || result.GetValue(Acme.CaTrust) is not null || result.GetValue(Acme.Email) is not null))
            {
                result.AddError("--acme-ca, --acme-ca-trust and --acme-email are for --tls acme; add --tls acme --domain NAME or drop them");
            }

            if (result.GetValue(Port) is < 0 or > 65535)
            {
                result.AddError($"--port {result.GetValue(Port)} is not a port; use a number from 1 to 65535");
            }

            var files = result.GetValue(Cert) is not null || result.GetValue(Key) is not null;
            if (files && (result.GetValue(Cert) is null || result.GetValue(Key) is null))
            {
                result.AddError("--cert and --key go together: the certificate chain (fullchain.pem) and its private key (privkey.pem)");
            }

            if (files && result.GetValue(Tls) is { } mode && !string.Equals(mode, "files", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError($"--cert and --key are for your own certificate; drop --tls {mode} or them");
            }
        });
    }

    /// <summary>The site's TLS settings from --tls, --cert and --key; null for plain HTTP.</summary>
    public TlsConfig? TlsFor(ParseResult result)
    {
        var cert = result.GetValue(Cert);
        var key = result.GetValue(Key);
        if (cert is not null && key is not null)
        {
            return new TlsConfig { Mode = "files", Cert = cert.FullName, Key = key.FullName };
        }

        return result.GetValue(Tls) is { } mode ? new TlsConfig { Mode = mode } : null;
    }

    /// <summary>The site's host names from --domain; none means "any host".</summary>
    public IReadOnlyList<string> HostsFor(ParseResult result) => result.GetValue(Domain) ?? [];

    /// <summary>The plain-HTTP listener from --http-port, on the same interfaces as --port; none when not given.</summary>
    public IReadOnlyList<string> HttpListenFor(ParseResult result) => result.GetValue(HttpPort) is { } port
        ? [result.GetValue(Lan) ? ListenAddress.AnyInterface(port).ToString() : ListenAddress.Loopback(port).ToString()]
        : [];

    public string ListenFor(ParseResult result)
    {
        var port = result.GetValue(Port);
        return result.GetValue(Lan) ? ListenAddress.AnyInterface(port).ToString() : ListenAddress.Loopback(port).ToString();
    }
}
