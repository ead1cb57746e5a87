using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Porch.Tests.Support;
using Porch.Tls;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// A real relay on 127.0.0.1:0 for domain <c>localhost</c>: the configuration <c>porch relay</c> builds
/// (<see cref="RelayConfig"/>), the real server, the real extension started on it. Tokens and name reservations are
/// in memory; HTTPS by the local CA in a temporary state folder, or plain HTTP (h2c) with <c>tls: off</c>.
/// </summary>
internal sealed class RelayTestHost : IAsyncDisposable
{
    public const string Domain = "localhost";

    private readonly TempDirectory folder;
    private readonly CertificateSourceFactory certificates;

    private RelayTestHost(TempDirectory folder, CertificateSourceFactory certificates, RelayExtension relay, TestTokens tokens, TestNameReservations names)
    {
        this.folder = folder;
        this.certificates = certificates;
        Relay = relay;
        Tokens = tokens;
        Names = names;
    }

    public PorchTestHost Host { get; private set; } = null!;

    public RelayExtension Relay { get; }

    public TunnelRegistry Registry => Relay.Registry;

    public TestTokens Tokens { get; }

    public TestNameReservations Names { get; }

    public CapturingLoggerProvider Log { get; private init; } = null!;

    public SynchronizedStringWriter Banner { get; private init; } = null!;

    public bool Tls { get; private init; }

    public int Port => Host.Port;

    /// <summary>The local CA's root, null with TLS off.</summary>
    public X509Certificate2? Root => certificates.Ca?.Root;

    /// <summary>Where tunnel clients connect.</summary>
    public Uri RelayUri => new($"{(Tls ? "https" : "http")}://{Domain}:{Port}");

    private IAsyncDisposable Started { get; set; } = null!;

    public static async Task<RelayTestHost> StartAsync(bool tls = true, Func<RelaySettings, RelaySettings>? configure = null, string? maxBodySize = null)
    {
        var folder = new TempDirectory("porch-relay-");
        var settings = new RelaySettings(Domain, tls ? "https" : "http") { PublicPort = 0 };
        settings = configure?.Invoke(settings) ?? settings;
        var tokens = new TestTokens();
        var names = new TestNameReservations();
        var banner = new SynchronizedStringWriter();
        var relay = new RelayExtension(settings, tokens, names, banner, TimeProvider.System);
        var config = RelayConfig.Build(settings, "127.0.0.1:0", [], tls ? "internal" : "off", maxBodySize, null, relay);
        var log = new CapturingLoggerProvider();
        var loggerFactory = log.CreateFactory(LogLevel.Debug);
        var certificates = new CertificateSourceFactory(Path.Combine(folder.Path, "state"), loggerFactory, TimeProvider.System);
        var test = new RelayTestHost(folder, certificates, relay, tokens, names) { Tls = tls, Log = log, Banner = banner };
        test.Host = await PorchTestHost.StartAsync(config, folder.Path, loggerFactory, certificates: certificates);
        test.Started = await relay.StartAsync(test.Host.Server, loggerFactory, CancellationToken.None);
        return test;
    }

    /// <summary>A public visitor of this relay (<see cref="PublicVisitor"/>).</summary>
    public HttpClient CreatePublicClient(Version? version = null) => PublicVisitor.Create(Port, Root, version);

    /// <summary>The public URL of a tunnel path.</summary>
    public Uri PublicUri(string name, string path = "/") => new($"{(Tls ? "https" : "http")}://{name}.{Domain}:{Port}{path}");

    /// <summary>Writes the relay's local CA root to <c>root.pem</c> in <paramref name="folder"/>, for <c>porch share --ca</c>.</summary>
    public string WriteRoot(string folder)
    {
        var path = Path.Combine(folder, "root.pem");
        File.WriteAllText(path, Root!.ExportCertificatePem());
        return path;
    }

    /// <summary>Makes <paramref name="handler"/> trust only the relay's local CA.</summary>
    public void Trust(SocketsHttpHandler handler) => PublicVisitor.Trust(handler, Root);

    public async ValueTask DisposeAsync()
    {
        await Started.DisposeAsync();
        await Host.DisposeAsync();
        certificates.Dispose();
        folder.Dispose();
    }
}
