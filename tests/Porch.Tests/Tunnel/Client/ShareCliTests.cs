using Porch.Tests.Support;

namespace Porch.Tests.Tunnel.Client;

/// <summary>
/// <c>porch share</c>'s usage and token errors, run through the real command: each is ONE <c>porch share:</c> line
/// naming the problem and the fix, nothing on standard output, exit 2, and no connection attempt.
/// </summary>
public sealed class ShareCliTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory folder = new("porch-share-cli-");

    public void Dispose() => folder.Dispose();

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["8000", "--token", "porch_x"], "porch share: --relay URL is needed: the address of the relay, such as https://relay.example.com" },
        { ["8000", "--relay", "ftp://relay.example", "--token", "porch_x"], "porch share: --relay \"ftp://relay.example\" is not an https:// or http:// URL; write the relay's address, such as https://relay.example.com" },
        { ["8000", "--relay", "relay.example", "--token", "porch_x", "--name", "My_App"], "porch share: --name \"My_App\" may contain only lower-case letters, digits and hyphens, such as \"myapp\"" },
        { ["8000", "--relay", "relay.example", "--token", "porch_x", "--qr", "--no-qr"], "porch share: --qr and --no-qr contradict each other; keep one" },
        { ["8000", "--relay", "relay.example"], "porch share: no relay token: pass --token TOKEN, --token-file FILE or set PORCH_TOKEN (the relay's owner makes one with `porch relay token add NAME`)" },
        { ["8000", "--relay", "relay.example", "--token", "porch_x", "--token-file", "/dev/null"], "porch share: --token and --token-file both give the token; keep one" },
        { ["8000", "--relay", "relay.example", "--token", "porch x"], "porch share: --token holds spaces or control characters; a relay token is one word of letters and digits" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Share_UsageError_OneLineNamingTheFixExit2(string[] args, string expected)
    {
        await AssertRefusedAsync([], args, expected);
    }

    [Fact]
    public async Task Share_BadTarget_OneLineNamingTheTargetExit2()
    {
        var (exit, lines) = await RunAsync([], "not a target", "--relay", "relay.example", "--token", "porch_x");

        Assert.Equal(2, exit);
        Assert.StartsWith("porch share: TARGET ", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_EmptyTokenFile_SaysWhichFileAndWhatItMustHold()
    {
        var file = folder.File("token");
        await File.WriteAllTextAsync(file, "\n  \n");

        await AssertRefusedAsync([], ["8000", "--relay", "relay.example", "--token-file", file],
            $"porch share: --token-file {file} is empty; it must hold the token from `porch relay token add NAME`");
    }

    [Fact]
    public async Task Share_MissingTokenFile_SaysItCannotBeReadAndWhatToGive()
    {
        var file = folder.File("nope");

        var (exit, lines) = await RunAsync([], "8000", "--relay", "relay.example", "--token-file", file);

        Assert.Equal(2, exit);
        var line = Assert.Single(lines);
        Assert.StartsWith($"porch share: --token-file {file} cannot be read (", line, StringComparison.Ordinal);
        Assert.EndsWith("; give the path of a file holding the token", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_TokenFileIsADirectory_SaysItCannotBeRead()
    {
        var (exit, lines) = await RunAsync([], "8000", "--relay", "relay.example", "--token-file", folder.Path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"porch share: --token-file {folder.Path} cannot be read (", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_EmptyPorchTokenVariable_NamesTheVariable()
    {
        await AssertRefusedAsync(new() { ["PORCH_TOKEN"] = " " }, ["8000", "--relay", "relay.example"],
            "porch share: PORCH_TOKEN is empty; it must hold the token from `porch relay token add NAME`");
    }

    [Fact]
    public async Task Share_CaFileMissing_SaysItCannotBeReadAsPem()
    {
        var file = folder.File("root.pem");

        var (exit, lines) = await RunAsync([], "8000", "--relay", "relay.example", "--token", "porch_x", "--ca", file);

        Assert.Equal(2, exit);
        Assert.StartsWith($"porch share: --ca {file} cannot be read as PEM certificates (", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_TokenFromPorchTokenVariable_IsTheBearerTheRelaySees()
    {
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start(new Dictionary<string, string> { ["PORCH_TOKEN"] = $"  {TestRelay.Token}\n" }, "8000", "--relay", relay.Url.ToString(), "--remote", "allow");

        // TestRelay refuses any other bearer token with bad-token, which would stop the client instead.
        await share.WaitForAsync("online:");
    }

    [Fact]
    public async Task Share_TokenFromFile_IsTrimmedAndUsed()
    {
        var file = folder.File("token");
        await File.WriteAllTextAsync(file, TestRelay.Token + "\n");
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token-file", file, "--remote", "allow");

        await share.WaitForAsync("online:");
    }

    private static async Task AssertRefusedAsync(Dictionary<string, string> environment, string[] args, string expected)
    {
        var (exit, lines) = await RunAsync(environment, args);

        Assert.Equal(2, exit);
        Assert.Equal([expected], lines);
    }

    private static async Task<(int Exit, IReadOnlyList<string> Lines)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        await using var share = ShareRun.Start(environment, args);
        var exit = await share.Exit.WaitAsync(Wait);
        Assert.DoesNotContain(share.Out.Lines(), l => l.Length > 0);
        return (exit, [.. share.Err.Lines().Where(l => l.Length > 0)]);
    }
}
