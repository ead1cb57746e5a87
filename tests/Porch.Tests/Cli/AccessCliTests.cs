using System.CommandLine;
using Porch.Access.Passwords;
using Porch.Cli;

namespace Porch.Tests.Cli;

public sealed class AccessCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("porch-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static async Task<(int Code, string Output, string Errors)> InvokeAsync(
        Dictionary<string, string> environment, Queue<string>? typed, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var input = new PasswordInput(errors, environment.GetValueOrDefault, typed is null ? null : _ => typed.Count > 0 ? typed.Dequeue() : null);
        var root = new RootCommand { PasswdCommand.Create(output, errors, input), ServeCommand.Create(output, errors, input) };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Passwd_FromEnvironment_PrintsALineThatVerifies()
    {
        var (code, output, errors) = await InvokeAsync(new() { ["PORCH_PASSWORD"] = "tr0ub4dor" }, null, "passwd", "alice");

        Assert.Equal(0, code);
        Assert.Contains("from PORCH_PASSWORD", errors, StringComparison.Ordinal);
        var line = output.Trim();
        Assert.StartsWith("alice:$pbkdf2-sha256$i=600000$", line, StringComparison.Ordinal);
        Assert.True(HtpasswdFile.TryParseLine(line, out var user, out var hash, out _));
        Assert.Equal("alice", user);
        Assert.True(hash!.Verify("tr0ub4dor"));
        Assert.False(hash.Verify("tr0ub4dor "));
    }

    [Fact]
    public async Task Passwd_Prompt_AsksTwiceAndSaysSo()
    {
        var (code, output, errors) = await InvokeAsync([], new(["s3cret", "s3cret"]), "passwd", "alice");

        Assert.Equal(0, code);
        Assert.Contains("typed at the prompt", errors, StringComparison.Ordinal);
        Assert.StartsWith("alice:$pbkdf2-sha256$", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3cret", "other", "differ")]
    [InlineData("", "", "empty password is refused")]
    public async Task Passwd_BadPromptInput_Refused(string first, string second, string expected)
    {
        var (code, output, errors) = await InvokeAsync([], new([first, second]), "passwd", "alice");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwd_EmptyEnvironmentPassword_Refused()
    {
        var (code, _, errors) = await InvokeAsync(new() { ["PORCH_PASSWORD"] = "" }, null, "passwd", "alice");

        Assert.Equal(2, code);
        Assert.Contains("PORCH_PASSWORD is set but empty", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RemotePasswordWithoutTerminalOrVariable_SaysWhereToPutIt()
    {
        var (code, _, errors) = await InvokeAsync([], null, "serve", folder, "--remote-password", "alice", "--port", "0");

        Assert.Equal(2, code);
        Assert.Contains("set PORCH_PASSWORD, or run porch in a terminal", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--remote", "maybe", "--remote \"maybe\" must be password, deny or allow")]
    [InlineData("--remote", "password", "--remote password needs a user: add --remote-password USER")]
    [InlineData("--allow", "10.0.0.1/8", "--allow \"10.0.0.1/8\" has bits set")]
    [InlineData("--deny", "nowhere", "--deny \"nowhere\"")]
    [InlineData("--rate-limit", "fast", "such as 10/s or 600/m")]
    [InlineData("--remote-password", "a:b", "may not contain a colon")]
    public async Task Serve_BadAccessFlag_NamesTheFlagAndTheFix(string flag, string value, string expected)
    {
        var (code, _, errors) = await InvokeAsync([], null, "serve", folder, flag, value);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AccessFlags_BuildTheSiteAccessObject()
    {
        var options = new AccessOptions();
        var command = new Command("serve");
        options.AddTo(command);
        var result = command.Parse(["--remote-password", "bob", "--allow", "10.0.0.0/8", "--allow", "192.168.0.0/16", "--deny", "10.9.0.0/16", "--rate-limit", "600/m"]);
        Assert.Empty(result.Errors);

        var access = options.Build(result, new PasswordInput(TextWriter.Null, name => name == "PORCH_PASSWORD" ? "pw" : null, null))!;

        Assert.Null(access.Remote);
        Assert.Equal(["10.0.0.0/8", "192.168.0.0/16"], access.Allow);
        Assert.Equal(["10.9.0.0/16"], access.Deny);
        Assert.Equal(600, access.RateLimit!.Requests);
        Assert.Equal("1m", access.RateLimit.Per);
        Assert.True(HtpasswdFile.TryParseLine(Assert.Single(access.Users), out var user, out var hash, out _));
        Assert.Equal("bob", user);
        Assert.True(hash!.Verify("pw"));
    }
}
