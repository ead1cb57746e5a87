using Porch.Tests.Support;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tokens;

public sealed class NameReservationFileTests : IDisposable
{
    private readonly TempDirectory state = new();

    public void Dispose() => state.Dispose();

    private string NamesPath => RelayStateFiles.Names(state.Path);

    [Fact]
    public void TryReserve_FreeName_KeptForItsFirstTokenAcrossReopen()
    {
        var names = NameReservationFile.Open(state.Path);

        Assert.True(names.TryReserve("myapp", "laptop", out var owner));
        Assert.Null(owner);
        Assert.True(names.TryReserve("myapp", "laptop", out owner));
        Assert.Null(owner);

        var reopened = NameReservationFile.Open(state.Path);
        Assert.False(reopened.TryReserve("myapp", "phone", out owner));
        Assert.Equal("laptop", owner);
        Assert.True(reopened.TryReserve("myapp", "laptop", out _));
    }

    [Fact]
    public void ReleaseToken_FreesOnlyThatTokensNames()
    {
        var names = NameReservationFile.Open(state.Path);
        Assert.True(names.TryReserve("a", "laptop", out _));
        Assert.True(names.TryReserve("b", "laptop", out _));
        Assert.True(names.TryReserve("c", "phone", out _));

        names.ReleaseToken("laptop");

        Assert.Equal([new("c", "phone")], names.Snapshot());
        Assert.True(names.TryReserve("a", "phone", out _));
    }

    [Fact]
    public void ReleaseToken_ByAnotherInstance_SeenByTheFirstAtItsNextReservation()
    {
        var relay = NameReservationFile.Open(state.Path);
        var cli = NameReservationFile.Open(state.Path);
        Assert.True(relay.TryReserve("myapp", "laptop", out _));

        cli.ReleaseToken("laptop");

        Assert.True(relay.TryReserve("myapp", "phone", out _));
        Assert.False(cli.TryReserve("myapp", "laptop", out var owner));
        Assert.Equal("phone", owner);
    }

    [Fact]
    public async Task TryReserve_ManyThreadsTwoInstances_EachNameHasExactlyOneWinnerAndAllAreOnDisk()
    {
        var first = NameReservationFile.Open(state.Path);
        var second = NameReservationFile.Open(state.Path);
        var wins = new int[20];

        // 8 tokens race for 20 names through two instances (two relays' worth of writers on one file).
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var store = t % 2 == 0 ? first : second;
            for (var n = 0; n < wins.Length; n++)
            {
                if (store.TryReserve($"name{n}", $"token{t}", out _))
                {
                    Interlocked.Increment(ref wins[n]);
                }
            }
        })));

        Assert.All(wins, w => Assert.Equal(1, w));
        var onDisk = NameReservationFile.Open(state.Path).Snapshot();
        Assert.Equal(wins.Length, onDisk.Count);
        foreach (var (name, token) in onDisk)
        {
            Assert.False(first.TryReserve(name, token == "token0" ? "token1" : "token0", out var owner));
            Assert.Equal(token, owner);
        }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"version\": 1, \"names\": {\"Bad_Name\": \"laptop\"}}")]
    [InlineData("{\"version\": 1, \"names\": {\"myapp\": \"bad token\"}}")]
    public void Open_DamagedFile_ErrorNamesTheFileAndNothingIsOverwritten(string content)
    {
        Directory.CreateDirectory(RelayStateFiles.Folder(state.Path));
        File.WriteAllText(NamesPath, content);

        var e = Assert.Throws<RelayStateFileException>(() => NameReservationFile.Open(state.Path));

        Assert.Contains(NamesPath, e.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(NamesPath));
    }

    [Fact]
    public void TryReserve_FileDamagedWhileRunning_LastGoodCopyDecidesAndTheFileIsLeftAsItWas()
    {
        var names = NameReservationFile.Open(state.Path);
        Assert.True(names.TryReserve("myapp", "laptop", out _));
        File.WriteAllText(NamesPath, "{ damaged");

        Assert.False(names.TryReserve("myapp", "phone", out var owner));
        Assert.Equal("laptop", owner);
        Assert.True(names.TryReserve("other", "phone", out _));

        Assert.Equal("{ damaged", File.ReadAllText(NamesPath));
    }
}
