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
        Description = "HTTPS: internal (Porch's local CA; trust it with `porch ca trust`), or files (with --cert and --key)",
    };

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
        command.Validators.Add(result =>
        {
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

    public string ListenFor(ParseResult result)
    {
        var port = result.GetValue(Port);
        return result.GetValue(Lan) ? ListenAddress.AnyInterface(port).ToString() : ListenAddress.Loopback(port).ToString();
    }
}
