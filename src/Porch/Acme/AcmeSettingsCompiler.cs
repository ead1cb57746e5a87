using System.Net;
using Porch.Configuration;

namespace Porch.Acme;

/// <summary>
/// Checks the <c>acme</c> object and the names of ACME sites while the configuration is compiled, every problem as a
/// <see cref="ConfigError"/> with its JSON path and the fix.
/// </summary>
internal static class AcmeSettingsCompiler
{
    private static readonly string[] ChallengeTypes = [AcmeChallenge.Http01, AcmeChallenge.TlsAlpn01, AcmeChallenge.Dns01];

    public static AcmeSettings? Compile(AcmeConfig? config, string baseDirectory, List<ConfigError> errors)
    {
        config ??= new AcmeConfig();
        var before = errors.Count;
        var directory = AcmeSettings.ParseCa(config.Ca, out var caError);
        if (caError is not null)
        {
            errors.Add(new ConfigError("$.acme.ca", caError));
        }

        string? trust = null;
        if (config.CaTrust is { } caTrust)
        {
            trust = Path.GetFullPath(caTrust, baseDirectory);
            if (!File.Exists(trust))
            {
                errors.Add(new ConfigError("$.acme.caTrust", $"{trust} does not exist; give the PEM file of the root that signs the ACME server's HTTPS certificate"));
            }
        }

        if (config.Email is { } email && (!email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace) || email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new ConfigError("$.acme.email", $"\"{email}\" is not an e-mail address; write it plainly, e.g. admin@example.com"));
        }

        if (config.Challenge is { } challenge && !ChallengeTypes.Contains(challenge, StringComparer.Ordinal))
        {
            errors.Add(new ConfigError("$.acme.challenge", $"unknown challenge \"{challenge}\"; use {string.Join(", ", ChallengeTypes)}"));
        }

        var dns = Dns(config, baseDirectory, errors);
        if (errors.Count > before)
        {
            return null;
        }

        return new AcmeSettings
        {
            Directory = directory!,
            CaTrust = trust,
            Email = config.Email,
            Challenges = config.Challenge is { } only ? [only] : [AcmeChallenge.Http01, AcmeChallenge.TlsAlpn01],
            Dns = dns,
        };
    }

    /// <summary>acme.dns, required when the challenge is dns-01; a relative keyFile is taken from the config's folder.</summary>
    private static Porch.Dns.Rfc2136Settings? Dns(AcmeConfig config, string baseDirectory, List<ConfigError> errors)
    {
        if (config.Dns is not { } dns)
        {
            if (config.Challenge == AcmeChallenge.Dns01)
            {
                errors.Add(new ConfigError("$.acme.dns", "missing; dns-01 needs the DNS server to update: { \"provider\": \"rfc2136\", \"server\": \"IP:PORT\", \"zone\": \"example.com\", \"keyName\": ..., \"keySecret\": ... }"));
            }

            return null;
        }

        var resolved = dns.KeyFile is { } file ? dns with { KeyFile = Path.GetFullPath(file, baseDirectory) } : dns;
        return Porch.Dns.Rfc2136Config.Create(resolved, "$.acme.dns", errors);
    }

    /// <summary>
    /// The names of an ACME site must be public DNS names a CA can validate: not IP literals, not single labels like
    /// "localhost", not reserved suffixes (RFC 6761, RFC 6762). <paramref name="at"/> is the site's JSON path.
    /// </summary>
    public static bool CheckNames(IReadOnlyList<string> hosts, string at, List<ConfigError> errors)
    {
        if (hosts.Count == 0)
        {
            errors.Add(new ConfigError($"{at}.hosts", "an ACME site needs its public names in \"hosts\" (or --domain NAME), e.g. [\"example.com\", \"www.example.com\"]"));
            return false;
        }

        var ok = true;
        for (var i = 0; i < hosts.Count; i++)
        {
            if (!IsPublicName(hosts[i]))
            {
                errors.Add(new ConfigError($"{at}.hosts[{i}]",
                    $"\"{hosts[i]}\" is not a public DNS name a CA can issue for; use \"tls\": \"internal\" for local names, or a name you own"));
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>An "auto" site gets ACME only when every one of its names can be validated by a public CA.</summary>
    public static bool AllPublic(IReadOnlyList<string> hosts) => hosts.Count > 0 && hosts.All(IsPublicName);

    public static bool IsPublicName(string host)
    {
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (IPAddress.TryParse(name, out _) || !name.Contains('.', StringComparison.Ordinal) || Uri.CheckHostName(name) != UriHostNameType.Dns)
        {
            return false;
        }

        string[] reserved = [".localhost", ".local", ".test", ".invalid", ".internal", ".lan", ".home.arpa"];
        return !reserved.Any(r => ("." + name).EndsWith(r, StringComparison.OrdinalIgnoreCase));
    }
}
