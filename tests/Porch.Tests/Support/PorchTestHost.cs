using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Tests.Support;

/// <summary>
/// A real Porch server on 127.0.0.1 with a port chosen by the kernel, started from a <see cref="PorchConfig"/>
/// exactly as `porch run` would, with the access log captured in memory.
/// </summary>
internal sealed class PorchTestHost : IAsyncDisposable
{

    private PorchTestHost(PorchServer server, HandlerFactory handlers, SynchronizedStringWriter log)
    {
        Server = server;
        Handlers = handlers;
        AccessLog = log;
        var url = server.BoundUrls.First(u =>
            u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) || u.StartsWith("https://127.0.0.1:", StringComparison.Ordinal));
        BaseAddress = new Uri(url);
    }

    public PorchServer Server { get; }

    /// <summary>The factory that made the running handlers: a reload that should reuse or retire them must use it.</summary>
    public HandlerFactory Handlers { get; }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public SynchronizedStringWriter AccessLog { get; }

    /// <summary>One site listening on 127.0.0.1:0 with the given routes.</summary>
    public static Task<PorchTestHost> StartAsync(params RouteConfig[] routes) =>
        StartAsync(new PorchConfig { Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = routes }] });

    /// <summary>Starts <paramref name="config"/>; TLS sites need <paramref name="certificates"/> (a CertificateSourceFactory on a temporary state folder).</summary>
    public static async Task<PorchTestHost> StartAsync(
        PorchConfig config, string? baseDirectory = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null,
        Porch.Tls.ICertificateSourceFactory? certificates = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var handlers = new HandlerFactory(loggerFactory);
        var (compiled, errors) = ConfigCompiler.Compile(config, baseDirectory ?? Environment.CurrentDirectory, handlers, certificates);
        if (compiled is null)
        {
            handlers.Dispose();
            throw new InvalidOperationException("Test config is invalid: " + string.Join("; ", errors));
        }

        var log = new SynchronizedStringWriter();
        var server = await PorchServer.StartAsync(compiled, loggerFactory, log, time, CancellationToken.None);
        return new PorchTestHost(server, handlers, log);
    }

    /// <summary>Compiles and applies a new configuration, as a reload does; returns the errors when it is invalid.</summary>
    public async Task<IReadOnlyList<ConfigError>> ReloadAsync(
        PorchConfig config, string? baseDirectory = null, Porch.Tls.ICertificateSourceFactory? certificates = null)
    {
        var (compiled, errors) = ConfigCompiler.Compile(config, baseDirectory ?? Environment.CurrentDirectory, Handlers, certificates);
        if (compiled is not null)
        {
            await Server.Apply(compiled);
        }

        return errors;
    }

    public HttpClient CreateClient(Version? version = null) => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = BaseAddress,
        DefaultRequestVersion = version ?? System.Net.HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        await Server.DisposeAsync();
        Handlers.Dispose();
    }
}
