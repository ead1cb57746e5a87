using System.Collections.Concurrent;
using System.Text;
using Porch.Tests.Support;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tokens;

public sealed class TokenStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory state = new();

    public void Dispose() => state.Dispose();

    private string TokensPath => RelayStateFiles.Tokens(state.Path);

    [Fact]
    public void Add_NewName_TokenVerifiesToItsNameAndOthersDoNot()
    {
        using var store = TokenStore.Open(state.Path, new ManualTimers(Start));

        Assert.True(store.TryAdd("laptop", out var laptop, out var error), error);
        Assert.True(store.TryAdd("ci.runner_2", out var ci, out error), error);

        Assert.Matches("^porch_[A-Za-z0-9_-]{43}$", laptop);
        Assert.NotEqual(laptop, ci);
        Assert.Equal("laptop", store.Verify(laptop));
        Assert.Equal("ci.runner_2", store.Verify(ci));
        Assert.Null(store.Verify(laptop[..^1] + (laptop[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(store.Verify(""));
        Assert.Null(store.Verify("porch_" + new string('A', 10_000)));
        var entry = Assert.Single(store.Tokens, t => t.Name == "laptop");
        Assert.Equal(Start, entry.Created);
    }

    [Fact]
    public void Add_File_IsOwnerOnlyAndHoldsTheHashNotTheToken()
    {
        using var store = TokenStore.Open(state.Path, TimeProvider.System);

        Assert.True(store.TryAdd("laptop", out var token, out _));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokensPath));
        var text = File.ReadAllText(TokensPath);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token["porch_".Length..], text, StringComparison.Ordinal);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        Assert.Contains(hash, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SecondStore_VerifiesTokensTheFirstAdded()
    {
        string token;
        using (var first = TokenStore.Open(state.Path, TimeProvider.System))
        {
            Assert.True(first.TryAdd("laptop", out token, out _));
        }

        using var second = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.Equal("laptop", second.Verify(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ünï")]
    public void Add_InvalidName_RefusedWithTheRule(string name)
    {
        using var store = TokenStore.Open(state.Path, TimeProvider.System);

        Assert.False(store.TryAdd(name, out _, out var error));

        Assert.Contains("letters, digits", error, StringComparison.Ordinal);
        Assert.False(File.Exists(TokensPath));
    }

    [Fact]
    public void Add_NameTooLong_Refused()
    {
        using var store = TokenStore.Open(state.Path, TimeProvider.System);

        Assert.False(store.TryAdd(new string('a', TokenStoreName.MaxLength + 1), out _, out var error));
        Assert.Contains("1 to 64 characters", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_ExistingName_RefusedSayingHowToRevokeAndTheOldTokenStillWorks()
    {
        using var store = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.True(store.TryAdd("laptop", out var token, out _));

        Assert.False(store.TryAdd("laptop", out _, out var error));

        Assert.Contains("porch relay token revoke laptop", error, StringComparison.Ordinal);
        Assert.Equal("laptop", store.Verify(token));
        Assert.Single(store.Tokens);
    }

    [Fact]
    public void Revoke_Known_TokenStopsVerifyingAndRevokedIsRaised()
    {
        using var store = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.True(store.TryAdd("laptop", out var laptop, out _));
        Assert.True(store.TryAdd("phone", out var phone, out _));
        var revoked = new ConcurrentQueue<string>();
        store.Revoked += revoked.Enqueue;

        Assert.True(store.TryRevoke("laptop", out var error), error);

        Assert.Null(store.Verify(laptop));
        Assert.Equal("phone", store.Verify(phone));
        Assert.Equal(["laptop"], revoked);
        Assert.DoesNotContain("laptop", File.ReadAllText(TokensPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_Unknown_ErrorListsTheKnownTokens()
    {
        using var store = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.False(store.TryRevoke("nobody", out var error));
        Assert.Contains("no tokens at all", error, StringComparison.Ordinal);
        Assert.True(store.TryAdd("laptop", out _, out _));
        Assert.True(store.TryAdd("phone", out _, out _));

        Assert.False(store.TryRevoke("nobody", out error));

        Assert.Contains("Known tokens: laptop, phone", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_ByAnotherStore_RaisesRevokedInTheRunningOneAndItsTokenStopsVerifying()
    {
        using var relay = TokenStore.Open(state.Path, TimeProvider.System);
        using var cli = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.True(cli.TryAdd("laptop", out var token, out _));
        Assert.True(cli.TryAdd("phone", out _, out _));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(relay.Verify(token) == "laptop"), TimeSpan.FromSeconds(15)));
        var revoked = new ConcurrentQueue<string>();
        relay.Revoked += revoked.Enqueue;

        Assert.True(cli.TryRevoke("laptop", out _));

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(!revoked.IsEmpty), TimeSpan.FromSeconds(15)));
        Assert.Equal(["laptop"], revoked);
        Assert.Null(relay.Verify(token));
    }

    [Fact]
    public async Task Reload_SameNameAddedAgainWithNewSecret_OldSecretRevoked()
    {
        using var relay = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.True(relay.TryAdd("laptop", out var old, out _));
        var revoked = new ConcurrentQueue<string>();
        relay.Revoked += revoked.Enqueue;
        var entry = Assert.Single(relay.Tokens);

        // Another process revoked and re-added it between two looks at the file: the name stays, the secret changed.
        TokenStoreFile.Save(TokensPath, [entry with { Sha256 = new string('0', 64) }]);

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(!revoked.IsEmpty), TimeSpan.FromSeconds(15)));
        Assert.Equal(["laptop"], revoked);
        Assert.Null(relay.Verify(old));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"version\": 2, \"tokens\": []}")]
    [InlineData("{\"version\": 1}")]
    [InlineData("{\"version\": 1, \"tokens\": [{\"name\": \"a b\", \"sha256\": \"0000000000000000000000000000000000000000000000000000000000000000\", \"created\": \"2026-11-21T12:00:00Z\"}]}")]
    [InlineData("{\"version\": 1, \"tokens\": [{\"name\": \"laptop\", \"sha256\": \"xyz\", \"created\": \"2026-11-21T12:00:00Z\"}]}")]
    [InlineData("{\"version\": 1, \"tokens\": [{\"name\": \"laptop\", \"created\": \"2026-11-21T12:00:00Z\"}]}")]
    public void Open_DamagedFile_ErrorNamesTheFileAndNothingIsOverwritten(string content)
    {
        Directory.CreateDirectory(RelayStateFiles.Folder(state.Path));
        File.WriteAllText(TokensPath, content);

        var e = Assert.Throws<RelayStateFileException>(() => TokenStore.Open(state.Path, TimeProvider.System));

        Assert.Contains(TokensPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("will not overwrite", e.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(TokensPath));
    }

    [Fact]
    public void Add_FileDamagedAfterOpen_RefusedAndTheFileIsLeftAsItWas()
    {
        using var store = TokenStore.Open(state.Path, new ManualTimers(Start));
        Assert.True(store.TryAdd("laptop", out _, out _));
        File.WriteAllText(TokensPath, "{ damaged");

        Assert.False(store.TryAdd("phone", out _, out var error));
        Assert.False(store.TryRevoke("laptop", out var revokeError));

        Assert.Contains(TokensPath, error, StringComparison.Ordinal);
        Assert.Contains(TokensPath, revokeError, StringComparison.Ordinal);
        Assert.Equal("{ damaged", File.ReadAllText(TokensPath));
    }

    [Fact]
    public async Task Reload_FileDamagedWhileRunning_KeepsTheLastGoodCopyAndLogsOnce()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        using var store = TokenStore.Open(state.Path, TimeProvider.System, factory.CreateLogger("tokens"));
        Assert.True(store.TryAdd("laptop", out var token, out _));
        var revoked = new ConcurrentQueue<string>();
        store.Revoked += revoked.Enqueue;

        File.WriteAllText(TokensPath, "{ damaged");
        await logs.WaitForAsync(e => e.EventId == 601, TimeSpan.FromSeconds(15));
        await Task.Delay(TokenStore.PollInterval * 2);

        Assert.Equal("laptop", store.Verify(token));
        Assert.Empty(revoked);
        Assert.Single(logs.Entries, e => e.EventId == 601);
    }
}
