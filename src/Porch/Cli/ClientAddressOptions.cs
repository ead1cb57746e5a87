using System.CommandLine;
using Porch.Configuration;
using Porch.Net;

namespace Porch.Cli;

/// <summary>
/// --trusted-proxy and --proxy-protocol, shared by the one-line verbs (serve, proxy): whose word about the client
/// Porch takes, and whether the listener expects a PROXY header.
/// </summary>
internal sealed class ClientAddressOptions
{
    public Option<string[]> TrustedProxy { get; } = new("--trusted-proxy")
    {
        Description = "A proxy (address or CIDR, repeatable) whose X-Forwarded-For, Forwarded and PROXY headers are believed",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> ProxyProtocol { get; } = new("--proxy-protocol")
    {
        Description = "Expect a PROXY protocol header (v1 or v2) from the trusted proxies before HTTP; refuse it from anyone else",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(TrustedProxy);
        command.Options.Add(ProxyProtocol);
        command.Validators.Add(result =>
        {
            if (result.GetValue(ProxyProtocol) && (result.GetValue(TrustedProxy) ?? []).Length == 0)
            {
                result.AddError("--proxy-protocol needs --trusted-proxy ADDRESS|CIDR: the proxies whose PROXY headers to believe");
            }

            foreach (var value in result.GetValue(TrustedProxy) ?? [])
            {
                if (!CidrSet.TryParseNetwork(value, out _, out var error))
                {
                    result.AddError($"--trusted-proxy {error}");
                }
            }
        });
    }

    public IReadOnlyList<string> TrustedProxies(ParseResult result) => result.GetValue(TrustedProxy) ?? [];

    /// <summary>The listen entry for <paramref name="address"/>, expecting a PROXY header when asked.</summary>
    public ListenConfig Listen(string address, ParseResult result) => new(address) { ProxyProtocol = result.GetValue(ProxyProtocol) };
}
