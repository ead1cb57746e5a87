using Porch.Access;
using Porch.Tests.Support;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// Which names <see cref="TunnelRegistry"/> writes to the relay's real <c>relay/names.json</c>: names clients ask for
/// are reserved to their token; random names are the tunnel's only while it is online, so the file does not grow.
/// </summary>
public sealed class TunnelRegistryNameTests : IDisposable
{
    private readonly TempDirectory state = new("porch-names-");

    public void Dispose() => state.Dispose();

    [Fact]
    public async Task RandomName_IsNotWrittenToNamesJson_AndIsFreeOnceOffline()
    {
        var names = NameReservationFile.Open(state.Path);
        var registry = new TunnelRegistry(new RelaySettings("localhost", "https"), names, TimeProvider.System);

        var random = registry.Register(Hello("k3x9q2m7w4", random: true), "laptop", "127.0.0.1:1", TunnelExchange.Http2).Session!;

        Assert.Equal("k3x9q2m7w4", random.Name);
        Assert.Empty(NameReservationFile.Open(state.Path).Snapshot());
        // While online the name is the tunnel's: another token cannot ask for it.
        Assert.Null(registry.Register(Hello("k3x9q2m7w4"), "phone", "127.0.0.1:2", TunnelExchange.Http2).Session);

        registry.Unregister(random);
        await random.DisposeAsync();

        await using var taken = registry.Register(Hello("k3x9q2m7w4"), "phone", "127.0.0.1:2", TunnelExchange.Http2).Session;
        Assert.NotNull(taken);
        Assert.Equal([new("k3x9q2m7w4", "phone")], NameReservationFile.Open(state.Path).Snapshot());
    }

    [Fact]
    public async Task AskedName_IsReservedToItsToken_AndARandomPickSkipsNamesReservedToOthers()
    {
        var names = NameReservationFile.Open(state.Path);
        var registry = new TunnelRegistry(new RelaySettings("localhost", "https"), names, TimeProvider.System);
        var asked = registry.Register(Hello("myapp"), "laptop", "127.0.0.1:1", TunnelExchange.Http2).Session!;
        registry.Unregister(asked);
        await asked.DisposeAsync();

        // An existing file's reservations (random names from before included) still hold.
        Assert.Equal([new("myapp", "laptop")], NameReservationFile.Open(state.Path).Snapshot());
        await using var other = registry.Register(Hello("myapp", random: true), "phone", "127.0.0.1:2", TunnelExchange.Http2).Session!;

        Assert.NotEqual("myapp", other.Name);
        Assert.Equal([new("myapp", "laptop")], NameReservationFile.Open(state.Path).Snapshot());
    }

    private static TunnelHello Hello(string name, bool random = false) =>
        new(name, random, "http", "", "http://127.0.0.1:8000", new AccessPolicy { EveryoneRemote = true });
}
