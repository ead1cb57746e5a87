using System.CommandLine;
using Porch.Cli;
using Porch.Tests.Configuration;

namespace Porch.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("porch-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("serve", "--browse")]
    [InlineData("proxy", "TARGET")]
    [InlineData("run", "--config")]
    [InlineData("check", "--config")]
    public async Task Help_EveryVerb_DescribesItsOptions(string verb, string expected)
    {
        var (code, output, _) = await InvokeAsync(verb, "--help");

        Assert.Equal(0, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("--state", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_Asked_PrintsTheVersion()
    {
        var (code, output, _) = await InvokeAsync("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Fact]
    public async Task Check_InvalidFile_Exits2AndListsEveryErrorWithItsPath()
    {
        var file = Path.Combine(folder, "porch.json");
        await File.WriteAllTextAsync(file, """
            { "sites": [ { "listen": ["localhost:http"], "routes": [ { "path": "/", "root": "./nope" } ] } ],
              "limits": { "headerTimeout": "soon" } }
            """);

        var (code, _, errors) = await InvokeAsync("check", "--config", file);

        Assert.Equal(2, code);
        Assert.Contains("3 error(s)", errors, StringComparison.Ordinal);
        Assert.Contains("$.sites[0].listen[0]:", errors, StringComparison.Ordinal);
        Assert.Contains("$.sites[0].routes[0].root:", errors, StringComparison.Ordinal);
        Assert.Contains("$.limits.headerTimeout:", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ValidExample_Exits0()
    {
        var (code, output, _) = await InvokeAsync("check", "--config", Path.Combine(SchemaTests.FindRepoRoot(), "examples", "porch.json"));

        Assert.Equal(0, code);
        Assert.Contains("valid, 2 site(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidFile_Exits2WithoutStarting()
    {
        var file = Path.Combine(folder, "porch.json");
        await File.WriteAllTextAsync(file, "{ \"sites\": [] }");

        var (code, _, errors) = await InvokeAsync("run", "--config", file);

        Assert.Equal(2, code);
        Assert.Contains("$.sites: no sites", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadPort_ExplainsTheFix()
    {
        var (code, _, errors) = await InvokeAsync("serve", folder, "--port", "70000");

        Assert.NotEqual(0, code);
        Assert.Contains("--port 70000 is not a port", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void State_Default_FollowsXdgDataHome()
    {
        var root = PorchCli.Create(TextWriter.Null, TextWriter.Null);
        var explicitState = GlobalOptions.ResolveState(root.Parse(["check", "--state", folder]));
        Assert.Equal(folder, explicitState);

        var previous = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "/srv/data");
            Assert.Equal("/srv/data/porch", GlobalOptions.ResolveState(root.Parse(["check"])));
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", previous);
        }
    }

    internal static async Task<(int Code, string Output, string Errors)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await PorchCli.Create(output, errors).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
        return (code, output.ToString(), errors.ToString());
    }
}
