using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Cli;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Tls;

/// <summary>TLS in the configuration and on the command line: every mistake is one clear error naming its place.</summary>
public sealed class TlsConfigTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HandlerFactory handlers = new(NullLoggerFactory.Instance);
    private readonly CertificateSourceFactory certificates;

    public TlsConfigTests() =>
        certificates = new CertificateSourceFactory(Path.Combine(dir.Path, "state"), NullLoggerFactory.Instance, TimeProvider.System);

    public void Dispose()
    {
        certificates.Dispose();
        handlers.Dispose();
        dir.Dispose();
    }

    [Theory]
    [InlineData("bogus", null, null, "$.sites[0].tls.mode", "is not a TLS mode")]
    [InlineData("files", null, "key.pem", "$.sites[0].tls.cert", "missing")]
    [InlineData("internal", "cert.pem", null, "$.sites[0].tls.cert", "only with \"mode\": \"files\"")]
    [InlineData("files", "nope.pem", "nope.key", "$.sites[0].tls", "cannot read the certificate file")]
    public void Compile_BadTls_OneErrorAtItsPath(string mode, string? cert, string? key, string path, string message)
    {
        var (compiled, errors) = Compile(new TlsConfig { Mode = mode, Cert = cert, Key = key });

        Assert.Null(compiled);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_FilesRelativeToTheConfig_SniMapForThePort()
    {
        TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("privkey.pem"), ["files.test"]);

        var (compiled, errors) = Compile(new TlsConfig { Mode = "files", Cert = "fullchain.pem", Key = "privkey.pem" });

        Assert.Empty(errors);
        Assert.True(compiled!.Listeners.Single().Tls);
        Assert.True(compiled.Certificates(0)!.Find("files.test")!.TargetCertificate.MatchesHostname("files.test"));
    }

    [Fact]
    public void Compile_CorruptLocalCa_ErrorNamesTheKeyFile()
    {
        Assert.Empty(Compile(new TlsConfig { Mode = "internal" }).Errors);
        using var fresh = new CertificateSourceFactory(Path.Combine(dir.Path, "state"), NullLoggerFactory.Instance, TimeProvider.System);
        File.WriteAllText(Path.Combine(dir.Path, "state", "ca", "root.key"), "garbage");

        var (_, errors) = ConfigCompiler.Compile(Config(new TlsConfig { Mode = "internal" }), dir.Path, handlers, fresh);

        Assert.Contains(Path.Combine(dir.Path, "state", "ca", "root.key"), Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaExport_PrintsTheStoredRoot()
    {
        var state = Path.Combine(dir.Path, "state");
        var (code, output, _) = await InvokeAsync("ca", "export", "--state", state);

        Assert.Equal(0, code);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(state, "ca", "root.crt")), output);
        var (_, again, _) = await InvokeAsync("ca", "export", "--state", state);
        Assert.Equal(output, again);
    }

    [SkippableFact]
    public async Task CaTrust_AsRoot_WritesTheRootAndRunsTheUpdateCommand()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "ca trust installs only as root; as another user it prints the commands instead");
        Directory.CreateDirectory(dir.File("trusted"));
        var store = new SystemTrustStore(dir.File("trusted"), "true");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand { GlobalOptions.State, CaCommand.Create(stdout, stderr, store) };

        var code = await root.Parse(["ca", "trust", "--state", Path.Combine(dir.Path, "state")]).InvokeAsync();

        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, "state", "ca", "root.crt")), File.ReadAllText(store.Target));
        Assert.Contains("Trusted: ", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cert", "a.pem")]
    [InlineData("--tls", "internal", "--cert", "a.pem", "--key", "b.pem")]
    public async Task Serve_TlsFlagsThatDoNotFit_Refused(params string[] flags)
    {
        var (code, _, errors) = await InvokeAsync(["serve", dir.Path, .. flags]);

        Assert.NotEqual(0, code);
        Assert.Contains("--cert", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Banner_TlsListener_HttpsUrls()
    {
        var lines = StartupBanner.Lines(["https://127.0.0.1:8443"], [], "", _ => false);

        Assert.Equal(["https://localhost:8443", "https://127.0.0.1:8443"], lines.Select(l => l.Url));
    }

    private (CompiledConfig? Compiled, IReadOnlyList<ConfigError> Errors) Compile(TlsConfig tls) =>
        ConfigCompiler.Compile(Config(tls), dir.Path, handlers, certificates);

    private PorchConfig Config(TlsConfig tls)
    {
        Directory.CreateDirectory(dir.File("www"));
        return new PorchConfig
        {
            Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Tls = tls, Routes = [new RouteConfig { Path = "/", Root = dir.File("www") }] }],
        };
    }

    private static async Task<(int Code, string Output, string Errors)> InvokeAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PorchCli.Create(stdout, stderr).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
