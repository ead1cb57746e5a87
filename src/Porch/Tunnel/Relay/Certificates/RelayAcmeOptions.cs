using System.CommandLine;
using Porch.Acme;
using Porch.Cli;
using Porch.Configuration;

namespace Porch.Tunnel.Relay.Certificates;

/// <summary>
/// <c>porch relay</c>'s ACME flags: the usual --acme-ca, --acme-ca-trust, --acme-email, plus where DNS-01 records go
/// (RFC 2136 dynamic update signed with TSIG, RFC 8945), which switches the relay to one wildcard certificate for
/// *.DOMAIN and DOMAIN. The TSIG secret is read from a BIND key file, never taken on the command line, where every
/// user of the machine could read it in the process list.
/// <code>
/// porch relay --domain tunnel.example.com --tls acme --acme-dns-server 192.0.2.53:53 --acme-dns-zone example.com \
///             --acme-dns-key-file /etc/porch/relay.key
/// </code>
/// </summary>
internal sealed class RelayAcmeOptions
{
    /// <summary>The --acme-ca, --acme-ca-trust and --acme-email options; pass the command's own when it already has them.</summary>
    public AcmeOptions Common { get; init; } = new();

    public Option<string?> DnsServer { get; } = new("--acme-dns-server")
    {
        Description = "For a wildcard certificate by DNS-01: the primary DNS server of the zone, IP or IP:PORT (port 53 by default)",
    };

    public Option<string?> DnsZone { get; } = new("--acme-dns-zone")
    {
        Description = "The DNS zone that holds the relay's domain (e.g. example.com for tunnel.example.com)",
    };

    public Option<FileInfo?> DnsKeyFile { get; } = new("--acme-dns-key-file")
    {
        Description = "BIND key file (tsig-keygen output) with the TSIG key allowed to update the zone",
    };

    public Option<string?> DnsKeyName { get; } = new("--acme-dns-key-name")
    {
        Description = "Which key of --acme-dns-key-file to use, when it holds several",
    };

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Common.Ca, Common.CaTrust, Common.Email, DnsServer, DnsZone, DnsKeyFile, DnsKeyName])
        {
            if (!command.Options.Contains(option))
            {
                command.Options.Add(option);
            }
        }

        command.Validators.Add(result =>
        {
            Option[] required = [DnsServer, DnsZone, DnsKeyFile];
            var missing = required.Where(o => result.GetResult(o) is null).Select(o => o.Name).ToList();
            var given = missing.Count < required.Length || result.GetResult(DnsKeyName) is not null;
            if (given && missing.Count > 0)
            {
                result.AddError($"a wildcard certificate by DNS-01 needs --acme-dns-server, --acme-dns-zone and --acme-dns-key-file together; add {string.Join(" and ", missing)}, or drop the --acme-dns-* flags to get one certificate per tunnel name");
            }
        });
    }

    /// <summary>
    /// The top-level <c>acme</c> settings these flags describe. With the DNS flags, dns-01 is the only challenge.
    /// Without them, HTTP-01 needs the relay's plain-HTTP listener (<paramref name="hasHttpPort"/>, --http-port):
    /// without one the CA could never reach an answer, so TLS-ALPN-01 on the relay's TLS port is the only challenge.
    /// </summary>
    public AcmeConfig Build(ParseResult result, bool hasHttpPort)
    {
        var common = Common.AcmeFor(result);
        if (result.GetValue(DnsServer) is not { } server)
        {
            return hasHttpPort ? common : common with { Challenge = AcmeChallenge.TlsAlpn01 };
        }

        return common with
        {
            Challenge = AcmeChallenge.Dns01,
            Dns = new DnsProviderConfig
            {
                Provider = DnsProviderConfig.Rfc2136,
                Server = server,
                Zone = result.GetValue(DnsZone),
                KeyFile = result.GetValue(DnsKeyFile)?.FullName,
                KeyName = result.GetValue(DnsKeyName),
            },
        };
    }
}
