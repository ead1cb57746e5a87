using System.Collections.Concurrent;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>Name reservations kept in memory, with the same rule as the file: first token to use a name keeps it.</summary>
internal sealed class TestNameReservations : INameReservations
{
    private readonly ConcurrentDictionary<string, string> owners = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Owners => owners;

    public bool TryReserve(string name, string tokenName, out string? owner)
    {
        owner = owners.GetOrAdd(name, tokenName);
        return owner == tokenName;
    }

    public bool IsFree(string name, string tokenName) => !owners.TryGetValue(name, out var owner) || owner == tokenName;

    public void ReleaseToken(string tokenName)
    {
        foreach (var (name, owner) in owners)
        {
            if (owner == tokenName)
            {
                owners.TryRemove(name, out _);
            }
        }
    }
}
