using System.CommandLine;

namespace Porch.Cli;

/// <summary>
/// <c>porch share --tcp [--proxy-protocol v1|v2]</c>: a public TCP port besides the HTTPS address, and whether the app
/// gets a PROXY header on each of its connections. Checked with the access options, since raw TCP cannot ask for a
/// password: the tunnel must be open to everyone or to listed networks.
/// </summary>
internal sealed class ShareTcpOptions
{
    public Option<bool> Tcp { get; } = new("--tcp")
    {
        Description = "Also get a public TCP port at the relay (raw bytes to TARGET's host:port); needs --remote allow or --allow CIDR",
    };

    public Option<string?> ProxyProtocol { get; } = new("--proxy-protocol")
    {
        Description = "With --tcp: start each TCP connection to the app with a PROXY header (v1 or v2) naming the real client",
        HelpName = "v1|v2",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Tcp);
        command.Options.Add(ProxyProtocol);
    }

    /// <summary>
    /// The PROXY version (1, 2, or null for none) and whether the options are valid; <paramref name="error"/> is one
    /// line naming the fix.
    /// </summary>
    public bool Check(ParseResult result, AccessOptions access, out int? proxyProtocol, out string? error)
    {
        proxyProtocol = null;
        error = null;
        var version = result.GetValue(ProxyProtocol);
        if (!result.GetValue(Tcp))
        {
            error = version is null ? null : "--proxy-protocol applies to TCP connections only; add --tcp, or leave it out (HTTP requests carry X-Forwarded-For)";
            return error is null;
        }

        if (version is not null)
        {
            proxyProtocol = version.Trim().ToLowerInvariant() switch { "v1" or "1" => 1, "v2" or "2" => 2, _ => null };
            if (proxyProtocol is null)
            {
                error = $"--proxy-protocol \"{version}\" is not a PROXY protocol version; use v1 (text) or v2 (binary)";
                return false;
            }
        }

        if (result.GetValue(access.Remote) != "allow" && (result.GetValue(access.Allow) ?? []).Length == 0)
        {
            error = "--tcp cannot ask for a password (raw TCP has no place for one); open the tunnel with --remote allow, or to your networks with --allow CIDR";
            return false;
        }

        return true;
    }
}
