using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Acme;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Acme;

/// <summary>Sites with "tls": "acme" or "auto": their names are checked and their certificate comes from the AcmeManager.</summary>
public sealed class AcmeSiteConfigTests : IAsyncLifetime
{
    private readonly TempDirectory dir = new();
    private readonly HandlerFactory handlers = new(NullLoggerFactory.Instance);
    private AcmeManager manager = null!;
    private CertificateSourceFactory certificates = null!;

    private string State => Path.Combine(dir.Path, "state");

    public Task InitializeAsync()
    {
        var settings = new AcmeSettings { Directory = new Uri($"https://127.0.0.1:{FreePort.Allocate()}/dir") };
        manager = new AcmeManager(settings, State, new AcmeChallengeResponses(), null, TimeProvider.System, NullLogger.Instance);
        certificates = new CertificateSourceFactory(State, NullLoggerFactory.Instance, TimeProvider.System) { Acme = manager };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        certificates.Dispose();
        await manager.DisposeAsync();
        handlers.Dispose();
        dir.Dispose();
    }

    [Theory]
    [InlineData("acme", new string[0], "$.sites[0].hosts")]
    [InlineData("acme", new[] { "localhost" }, "$.sites[0].hosts[0]")]
    [InlineData("acme", new[] { "www.example.com", "10.0.0.1" }, "$.sites[0].hosts[1]")]
    public void Compile_NamesNoCaCanIssueFor_OneErrorAtTheName(string mode, string[] hosts, string path)
    {
        var (compiled, errors) = Compile(mode, hosts, certificates);

        Assert.Null(compiled);
        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void Compile_AcmeSiteWithStoredCertificate_ServesItAtOnce()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=www.example.com", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("www.example.com");
        request.CertificateExtensions.Add(san.Build());
        using var stored = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(80));
        AcmeStorage.SaveCertificate(State, "www.example.com", stored.ExportCertificatePem(), key);

        var (compiled, errors) = Compile("acme", ["www.example.com"], certificates);

        Assert.Empty(errors);
        var managed = Assert.Single(manager.Certificates);
        Assert.Equal(["www.example.com"], managed.Names);
        Assert.Equal(stored.SerialNumber, compiled!.Certificates(0)!.Find("www.example.com")!.TargetCertificate.SerialNumber);
    }

    [Fact]
    public void Compile_AutoWithLocalNames_UsesTheLocalCa()
    {
        var (compiled, errors) = Compile("auto", ["porch.localhost"], certificates);

        Assert.Empty(errors);
        Assert.Empty(manager.Certificates);
        Assert.True(compiled!.Certificates(0)!.Find("porch.localhost")!.TargetCertificate.MatchesHostname("porch.localhost"));
    }

    [Fact]
    public void Compile_AcmeWithoutManager_SaysHowToRunIt()
    {
        using var plain = new CertificateSourceFactory(State, NullLoggerFactory.Instance, TimeProvider.System);

        var (compiled, errors) = Compile("auto", ["www.example.com"], plain);

        Assert.Null(compiled);
        Assert.Contains("porch serve --tls acme", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AcmeSite_ValidatesNamesOnly()
    {
        var validating = new ValidatingCertificateSourceFactory(State);

        Assert.Empty(Compile("acme", ["www.example.com"], validating).Errors);
        Assert.Equal("$.sites[0].hosts[0]", Assert.Single(Compile("acme", ["printer"], validating).Errors).Path);
    }

    private (CompiledConfig? Compiled, IReadOnlyList<ConfigError> Errors) Compile(string mode, string[] hosts, ICertificateSourceFactory factory)
    {
        Directory.CreateDirectory(dir.File("www"));
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Hosts = hosts, Listen = ["127.0.0.1:0"], Tls = new TlsConfig { Mode = mode }, Routes = [new RouteConfig { Path = "/", Root = dir.File("www") }] }],
        };
        return ConfigCompiler.Compile(config, dir.Path, handlers, factory);
    }
}
