using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Configuration;
using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Tls;

/// <summary>
/// A real Porch HTTPS listener on 127.0.0.1 serving a folder with one page, its certificates from the local CA in a
/// temporary state folder (or from PEM files), plus the exported root written to a file, as `porch ca export` does.
/// </summary>
internal sealed class TlsSite : IAsyncDisposable
{
    public const string Page = "hello over tls\n";

    private readonly TempDirectory folder;
    private readonly bool ownsFolder;

    private TlsSite(TempDirectory folder, bool ownsFolder, PorchTestHost host, CertificateSourceFactory certificates)
    {
        this.folder = folder;
        this.ownsFolder = ownsFolder;
        Host = host;
        Certificates = certificates;
    }

    public PorchTestHost Host { get; }

    public CertificateSourceFactory Certificates { get; }

    public int Port => Host.Port;

    public string StateDirectory => Path.Combine(folder.Path, "state");

    /// <summary>The local CA's root as `porch ca export` prints it, in a file for curl --cacert.</summary>
    public string RootFile => Path.Combine(folder.Path, "porch-root.crt");

    public X509Certificate2 Root => X509Certificate2.CreateFromPem(System.IO.File.ReadAllText(RootFile));

    public string File(string name) => folder.File(name);

    /// <summary>
    /// One TLS site; <paramref name="configure"/> may change it (hosts, tls) before it starts, and <paramref name="more"/>
    /// add sites on the same listener. With
    /// <paramref name="reuse"/>, the state folder outlives this site, as across a restart.
    /// </summary>
    public static async Task<TlsSite> StartAsync(
        Func<SiteConfig, string, SiteConfig>? configure = null, TempDirectory? reuse = null,
        Func<SiteConfig, string, SiteConfig[]>? more = null)
    {
        var folder = reuse ?? new TempDirectory("porch-tls-");
        var root = Path.Combine(folder.Path, "www");
        Directory.CreateDirectory(root);
        System.IO.File.WriteAllText(Path.Combine(root, "index.html"), Page);
        var site = new SiteConfig
        {
            Listen = ["127.0.0.1:0"],
            Tls = new TlsConfig { Mode = "internal" },
            Routes = [new RouteConfig { Path = "/", Root = root }],
        };
        site = configure?.Invoke(site, folder.Path) ?? site;
        SiteConfig[] sites = [site, .. more?.Invoke(site, folder.Path) ?? []];
        var certificates = new CertificateSourceFactory(Path.Combine(folder.Path, "state"), NullLoggerFactory.Instance, TimeProvider.System);
        var host = await PorchTestHost.StartAsync(new PorchConfig { Sites = sites }, folder.Path, certificates: certificates);
        if (certificates.Ca is { } ca)
        {
            System.IO.File.WriteAllText(Path.Combine(folder.Path, "porch-root.crt"), ca.RootPem);
        }

        return new TlsSite(folder, reuse is null, host, certificates);
    }

    /// <summary>An HttpClient that trusts only <see cref="Root"/> (when the site uses the local CA), not the system's roots.</summary>
    public HttpClient CreateClient(Version? version = null, Action<SocketsHttpHandler>? configure = null)
    {
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        if (System.IO.File.Exists(RootFile))
        {
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(Root);
        }

        configure?.Invoke(handler);
        return new HttpClient(handler)
        {
            DefaultRequestVersion = version ?? System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Certificates.Dispose();
        if (ownsFolder)
        {
            folder.Dispose();
        }
    }
}
