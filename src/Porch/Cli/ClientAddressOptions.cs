using System.CommandLine;
using Porch.Net;

namespace Porch.Cli;

/// <summary>--trusted-proxy, shared by the one-line verbs (serve, proxy): whose word about the client Porch takes.</summary>
internal sealed class ClientAddressOptions
{
    public Option<string[]> TrustedProxy { get; } = new("--trusted-proxy")
    {
        Description = "A proxy (address or CIDR, repeatable) whose X-Forwarded-For, Forwarded and PROXY headers are believed",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(TrustedProxy);
        command.Validators.Add(result =>
        {
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
}
