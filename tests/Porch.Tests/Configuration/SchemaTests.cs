using System.Text.Json;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Tests.Configuration;

/// <summary>The JSON Schema in the repo and the reader must agree on every property name, and the example must be valid.</summary>
public class SchemaTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    [Theory]
    [InlineData("", "")]
    [InlineData("site", "{\"sites\":[{\"NAME\":1}]}")]
    [InlineData("route", "{\"sites\":[{\"routes\":[{\"NAME\":1}]}]}")]
    [InlineData("listen", "{\"sites\":[{\"listen\":[{\"NAME\":1}]}]}")]
    [InlineData("tls", "{\"sites\":[{\"tls\":{\"NAME\":1}}]}")]
    [InlineData("accessLog", "{\"accessLog\":{\"NAME\":1}}")]
    [InlineData("limits", "{\"limits\":{\"NAME\":1}}")]
    [InlineData("acme", "{\"acme\":{\"NAME\":1}}")]
    public void Schema_EveryPropertyItDocuments_IsKnownToTheReader(string definition, string template)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "schema", "porch.schema.json")));
        var node = definition.Length == 0 ? schema.RootElement : schema.RootElement.GetProperty("$defs").GetProperty(definition);
        var names = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var json = template.Length == 0 ? $"{{\"{name}\":[]}}" : template.Replace("NAME", name, StringComparison.Ordinal);
            var (_, errors) = ConfigReader.Read(json);
            Assert.DoesNotContain(errors, e => e.Message.StartsWith("unknown property", StringComparison.Ordinal));
        }

        var (_, unknown) = ConfigReader.Read(template.Length == 0 ? "{\"bogus\":1}" : template.Replace("NAME", "bogus", StringComparison.Ordinal));
        Assert.Contains(unknown, e => e.Message.StartsWith("unknown property", StringComparison.Ordinal));
    }

    [Fact]
    public void ExampleConfig_PassesCheck()
    {
        var file = Path.Combine(RepoRoot, "examples", "porch.json");
        var (config, errors) = ConfigReader.ReadFile(file);
        Assert.Empty(errors);
        var (compiled, compileErrors) = ConfigCompiler.Compile(config!, Path.GetDirectoryName(file)!, ValidatingHandlerFactory.Instance);
        Assert.Empty(compileErrors);
        Assert.NotNull(compiled);
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Porch.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Porch.slnx not found above " + AppContext.BaseDirectory);
    }
}
