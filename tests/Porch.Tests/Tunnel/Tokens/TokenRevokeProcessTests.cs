using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Tests.Hosting;
using Porch.Tests.Support;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tokens;

/// <summary><c>porch relay token</c> and <c>porch relay status</c> as real child processes beside a relay's token store and status page in this one.</summary>
public sealed class TokenRevokeProcessTests : IDisposable
{
    private static readonly TimeSpan ProcessBound = TimeSpan.FromSeconds(90);
    private readonly TempDirectory state = new();

    public void Dispose() => state.Dispose();

    [Fact]
    public async Task Revoke_InAnotherProcess_RunningStoreRaisesRevokedAndTheStatusPageClosesItsTunnels()
    {
        using var relayTokens = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.True(relayTokens.TryAdd("laptop", out var token, out _));
        Assert.True(relayTokens.TryAdd("phone", out _, out _));
        var revoked = new ConcurrentQueue<string>();
        relayTokens.Revoked += revoked.Enqueue;
        var now = DateTimeOffset.UtcNow;
        var directory = new FakeTunnelDirectory("localhost", FakeTunnelDirectory.Tunnel("myapp", "laptop", now), FakeTunnelDirectory.Tunnel("shop", "phone", now));
        await using var server = await RelayStatusServer.StartAsync(directory, state.Path, NullLoggerFactory.Instance, CancellationToken.None);

        using var revoke = PorchProcess.Start(state.Path, "relay", "token", "revoke", "laptop", "--state", state.Path);

        Assert.Equal(0, await revoke.WaitForExitAsync(ProcessBound));
        Assert.Contains(revoke.Stdout.Lines(), l => l.Contains("1 live tunnel(s) closed", StringComparison.Ordinal));
        Assert.Equal([("laptop", "revoked")], directory.Closed);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(!revoked.IsEmpty), TimeSpan.FromSeconds(15)));
        Assert.Equal(["laptop"], revoked);
        Assert.Null(relayTokens.Verify(token));
    }

    [Fact]
    public async Task Status_InAnotherProcess_ListsTheTunnelsOfThisRelay()
    {
        var directory = new FakeTunnelDirectory("localhost", FakeTunnelDirectory.Tunnel("myapp", "laptop", DateTimeOffset.UtcNow));
        await using var server = await RelayStatusServer.StartAsync(directory, state.Path, NullLoggerFactory.Instance, CancellationToken.None);

        using var status = PorchProcess.Start(state.Path, "relay", "status", "--state", state.Path);

        Assert.Equal(0, await status.WaitForExitAsync(ProcessBound));
        Assert.Contains(status.Stdout.Lines(), l => l.StartsWith("myapp ", StringComparison.Ordinal) && l.Contains("https://myapp.localhost:8443/", StringComparison.Ordinal));
    }
}
