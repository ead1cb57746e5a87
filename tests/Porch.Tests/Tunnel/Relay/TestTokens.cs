using System.Collections.Concurrent;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>Tokens kept in memory: secret → name. The relay core only needs the verifier interface.</summary>
internal sealed class TestTokens : ITokenVerifier
{
    private readonly ConcurrentDictionary<string, string> secrets = new(StringComparer.Ordinal);

    public string Add(string name)
    {
        var secret = "secret-" + name + "-" + Guid.NewGuid().ToString("N");
        secrets[secret] = name;
        return secret;
    }

    public void Remove(string name)
    {
        foreach (var (secret, owner) in secrets)
        {
            if (owner == name)
            {
                secrets.TryRemove(secret, out _);
            }
        }
    }

    public string? Verify(string presented) => secrets.GetValueOrDefault(presented);
}
