using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Cli;
using Porch.Tests.Support;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tokens;

public sealed class RelayCliTests : IDisposable
{
    private readonly TempDirectory state = new();

    public void Dispose() => state.Dispose();

    [Fact]
    public async Task TokenAdd_NewName_PrintsTheTokenAloneOnStdoutAndTheShareLineOnStderr()
    {
        var (code, output, errors) = await InvokeAsync("relay", "token", "add", "laptop");

        Assert.Equal(0, code);
        var token = output.TrimEnd('\n');
        Assert.Matches("^porch_[A-Za-z0-9_-]{43}$", token);
        Assert.Contains($"porch share TARGET --relay https://RELAY-DOMAIN --token {token}", errors, StringComparison.Ordinal);
        using var store = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.Equal("laptop", store.Verify(token));
    }

    [Fact]
    public async Task TokenAdd_RelayRunning_ShareLineNamesItsDomain()
    {
        await using var server = await RelayStatusServer.StartAsync(new FakeTunnelDirectory("tunnel.example.com"), state.Path, NullLoggerFactory.Instance, CancellationToken.None);

        var (code, _, errors) = await InvokeAsync("relay", "token", "add", "laptop");

        Assert.Equal(0, code);
        Assert.Contains("--relay https://tunnel.example.com --token porch_", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenAdd_BadOrTakenName_ClearErrorAndExitNotZero()
    {
        Assert.Equal(0, (await InvokeAsync("relay", "token", "add", "laptop")).Code);

        var bad = await InvokeAsync("relay", "token", "add", "my laptop");
        var taken = await InvokeAsync("relay", "token", "add", "laptop");

        Assert.NotEqual(0, bad.Code);
        Assert.Contains("letters, digits", bad.Errors, StringComparison.Ordinal);
        Assert.Equal(RelayTokenCommand.ExitFailed, taken.Code);
        Assert.Contains("porch relay token revoke laptop", taken.Errors, StringComparison.Ordinal);
        Assert.Empty(taken.Output);
    }

    [Fact]
    public async Task TokenAdd_DamagedFile_Exits2NamingTheFileAndLeavesIt()
    {
        var path = RelayStateFiles.Tokens(state.Path);
        System.IO.Directory.CreateDirectory(RelayStateFiles.Folder(state.Path));
        await File.WriteAllTextAsync(path, "{ \"version\": 1, \"tokens\": [ ");

        var (code, output, errors) = await InvokeAsync("relay", "token", "add", "laptop");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(path, errors, StringComparison.Ordinal);
        Assert.Equal("{ \"version\": 1, \"tokens\": [ ", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task TokenList_NoRelay_NamesAndReservationsWithoutLiveCounts()
    {
        Assert.Contains("No tokens yet", (await InvokeAsync("relay", "token", "list")).Output, StringComparison.Ordinal);
        await InvokeAsync("relay", "token", "add", "laptop");
        await InvokeAsync("relay", "token", "add", "phone");
        var names = NameReservationFile.Open(state.Path);
        Assert.True(names.TryReserve("myapp", "laptop", out _));
        Assert.True(names.TryReserve("blog", "laptop", out _));

        var (code, output, _) = await InvokeAsync("relay", "token", "list");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME +CREATED +NAMES +LIVE TUNNELS$", lines[0]);
        Assert.Matches(@"^laptop +\d{4}-\d\d-\d\d \d\d:\d\d UTC +blog, myapp +-$", lines[1]);
        Assert.Matches(@"^phone +\d{4}-\d\d-\d\d \d\d:\d\d UTC +- +-$", lines[2]);
        Assert.Contains("No relay is running", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenList_RelayRunning_CountsLiveTunnelsPerToken()
    {
        var now = DateTimeOffset.UtcNow;
        await InvokeAsync("relay", "token", "add", "laptop");
        await InvokeAsync("relay", "token", "add", "phone");
        await using var server = await RelayStatusServer.StartAsync(
            new FakeTunnelDirectory("localhost", FakeTunnelDirectory.Tunnel("a", "laptop", now), FakeTunnelDirectory.Tunnel("b", "laptop", now)),
            state.Path, NullLoggerFactory.Instance, CancellationToken.None);

        var (_, output, _) = await InvokeAsync("relay", "token", "list");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^laptop .* 2$", lines[1]);
        Assert.Matches(@"^phone .* 0$", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task TokenRevoke_RelayRunning_ClosesItsTunnelsAtOnceAndFreesItsNames()
    {
        var now = DateTimeOffset.UtcNow;
        var token = (await InvokeAsync("relay", "token", "add", "laptop")).Output.Trim();
        await InvokeAsync("relay", "token", "add", "phone");
        Assert.True(NameReservationFile.Open(state.Path).TryReserve("myapp", "laptop", out _));
        var directory = new FakeTunnelDirectory("localhost", FakeTunnelDirectory.Tunnel("myapp", "laptop", now), FakeTunnelDirectory.Tunnel("shop", "phone", now));
        await using var server = await RelayStatusServer.StartAsync(directory, state.Path, NullLoggerFactory.Instance, CancellationToken.None);

        var (code, output, errors) = await InvokeAsync("relay", "token", "revoke", "laptop");

        Assert.Equal(0, code);
        Assert.Empty(errors);
        Assert.Contains("Revoked token \"laptop\"; names free again: myapp; 1 live tunnel(s) closed.", output, StringComparison.Ordinal);
        Assert.Equal([("laptop", "revoked")], directory.Closed);
        Assert.Equal(["shop"], directory.Snapshot().Select(t => t.Name));
        Assert.True(NameReservationFile.Open(state.Path).TryReserve("myapp", "phone", out _));
        using var store = TokenStore.Open(state.Path, TimeProvider.System);
        Assert.Null(store.Verify(token));
    }

    [Fact]
    public async Task TokenRevoke_Unknown_ErrorListsKnownTokens()
    {
        await InvokeAsync("relay", "token", "add", "laptop");

        var (code, _, errors) = await InvokeAsync("relay", "token", "revoke", "desktop");

        Assert.Equal(RelayTokenCommand.ExitFailed, code);
        Assert.Contains("no token named \"desktop\". Known tokens: laptop.", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_RelayRunning_TableOfTunnels()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = await RelayStatusServer.StartAsync(
            new FakeTunnelDirectory("localhost", FakeTunnelDirectory.Tunnel("myapp", "laptop", now.AddMinutes(-10))),
            state.Path, NullLoggerFactory.Instance, CancellationToken.None);

        var (code, output, _) = await InvokeAsync("relay", "status");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Relay localhost: 1 live tunnel(s).", lines[0]);
        Assert.Matches("^NAME +URL +CLIENT +TRANSPORT +STREAMS OPEN/TOTAL +BYTES IN / OUT +CONNECTED FOR$", lines[1]);
        Assert.Matches(@"^myapp +https://myapp\.localhost:8443/ +127\.0\.0\.1:50123 +h2 +2/17 +1\.5 KiB / 3\.0 MiB +10m0\ds$", lines[2]);
    }

    [Fact]
    public async Task Status_Json_TheStatusDocument()
    {
        await using var server = await RelayStatusServer.StartAsync(
            new FakeTunnelDirectory("localhost", FakeTunnelDirectory.Tunnel("myapp", "laptop", DateTimeOffset.UtcNow)),
            state.Path, NullLoggerFactory.Instance, CancellationToken.None);

        var (code, output, _) = await InvokeAsync("relay", "status", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("myapp", json.RootElement.GetProperty("tunnels")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Status_NoRelay_OneLineSayingSoAndHowToStartOne()
    {
        var (code, output, errors) = await InvokeAsync("relay", "status");

        Assert.Equal(RelayStatusCommand.ExitNotRunning, code);
        Assert.Empty(output);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("No relay is running", errors, StringComparison.Ordinal);
        Assert.Contains("porch relay --domain DOMAIN", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_StaleUrlFileNobodyAnswers_SaysNoRelayIsRunning()
    {
        System.IO.Directory.CreateDirectory(RelayStateFiles.Folder(state.Path));
        await File.WriteAllTextAsync(RelayStateFiles.StatusUrl(state.Path), $"http://127.0.0.1:{FreePort.Allocate()}/\n");

        var (code, _, errors) = await InvokeAsync("relay", "status");

        Assert.Equal(RelayStatusCommand.ExitNotRunning, code);
        Assert.Contains("No relay is running", errors, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Errors)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var root = new RootCommand
        {
            GlobalOptions.State,
            new Command("relay") { RelayTokenCommand.Create(output, errors), RelayStatusCommand.Create(output, errors) },
        };
        var code = await root.Parse([.. args, "--state", state.Path])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
        return (code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), errors.ToString());
    }
}
