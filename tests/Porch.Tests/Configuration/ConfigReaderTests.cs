using Porch.Configuration;

namespace Porch.Tests.Configuration;

public class ConfigReaderTests
{
    [Fact]
    public void Read_CommentsAndTrailingCommas_Accepted()
    {
        var (config, errors) = ConfigReader.Read("""
            {
              // a comment
              "sites": [ { "listen": [8080, "*:9090",], "routes": [ { "path": "/", "root": "." }, ], }, ],
              /* another */
            }
            """);

        Assert.Empty(errors);
        Assert.Equal(["8080", "*:9090"], config!.Sites[0].Listen);
    }

    [Fact]
    public void Read_ListenObjectsAndTlsForms_Accepted()
    {
        var (config, errors) = ConfigReader.Read("""
            {
              "sites": [
                { "listen": [ { "address": "*:443", "proxyProtocol": true }, "8443" ], "tls": "internal", "routes": [] },
                { "listen": [ 8080 ], "tls": { "mode": "files", "cert": "a.pem", "key": "b.pem" }, "routes": [] }
              ]
            }
            """);

        Assert.Empty(errors);
        Assert.Equal([new ListenConfig("*:443") { ProxyProtocol = true }, new ListenConfig("8443")], config!.Sites[0].Listen);
        Assert.Equal(new TlsConfig { Mode = "internal" }, config.Sites[0].Tls);
        Assert.Equal(new TlsConfig { Mode = "files", Cert = "a.pem", Key = "b.pem" }, config.Sites[1].Tls);
    }

    [Fact]
    public void Read_ListenObjectWithoutAddressOrWithUnknownKey_ReportsBoth()
    {
        var (config, errors) = ConfigReader.Read("""
            { "sites": [ { "listen": [ { "proxyProtocol": "yes", "port": 80 } ], "tls": { "mode": "internal", "ca": 1 }, "routes": [] } ] }
            """);

        Assert.Null(config);
        Assert.Equal(
            ["$.sites[0].listen[0].address", "$.sites[0].listen[0].port", "$.sites[0].listen[0].proxyProtocol", "$.sites[0].tls.ca"],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_SeveralMistakes_ReportsEveryOneWithItsPath()
    {
        var (config, errors) = ConfigReader.Read("""
            {
              "sites": [ { "listen": "8080", "routs": [], "routes": [ { "path": 5, "browse": "yes", "extra": 1 } ] } ],
              "accessLog": { "keep": "twelve" },
              "limit": {}
            }
            """);

        Assert.Null(config);
        var paths = errors.Select(e => e.Path).ToList();
        Assert.Contains("$.sites[0].listen", paths);
        Assert.Contains("$.sites[0].routs", paths);
        Assert.Contains("$.sites[0].routes[0].browse", paths);
        Assert.Contains("$.sites[0].routes[0].extra", paths);
        Assert.Contains("$.accessLog.keep", paths);
        Assert.Contains("$.limit", paths);
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Read_BrokenJson_ReportsLineAndColumn()
    {
        var (config, errors) = ConfigReader.Read("{\n  \"sites\": [\n    { \"listen\": [8080] \n  ]\n}");

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_SaysItCannotRead()
    {
        var (config, errors) = ConfigReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "porch.json"));

        Assert.Null(config);
        Assert.Contains("cannot read", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
