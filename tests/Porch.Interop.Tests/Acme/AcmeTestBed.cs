using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Acme;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Acme;

/// <summary>
/// Pebble, a Porch answering HTTP-01 on the plain-HTTP port pebble validates on, and a state folder: what every
/// issuance test starts from.
/// </summary>
internal sealed class AcmeTestBed : IAsyncDisposable
{
    private AcmeTestBed(Pebble pebble, PorchTestHost porch, string state, HttpClient http)
    {
        Pebble = pebble;
        Porch = porch;
        State = state;
        Http = http;
    }

    public Pebble Pebble { get; }

    /// <summary>The port pebble connects to for TLS-ALPN-01.</summary>
    public int TlsPort => Pebble.TlsPort;

    public PorchTestHost Porch { get; }

    public string State { get; }

    public HttpClient Http { get; }

    /// <param name="options">Pebble's settings.</param>
    /// <param name="porchOnPebblePort">False to have Porch listen elsewhere, so HTTP-01 validation finds nothing.</param>
    public static async Task<AcmeTestBed> StartAsync(Pebble.Options? options = null, bool porchOnPebblePort = true)
    {
        var pebble = await Pebble.StartAsync(options);
        var httpPort = porchOnPebblePort ? pebble.HttpPort : FreePort.Allocate();
        var state = Directory.CreateTempSubdirectory("porch-acme-state-").FullName;
        var porch = await PorchTestHost.StartAsync(new PorchConfig
        {
            Sites = [new SiteConfig { Listen = [$"127.0.0.1:{httpPort}"], Routes = [new RouteConfig { Path = "/", Root = state }] }],
        });
        return new AcmeTestBed(pebble, porch, state, AcmeHttp.Create(pebble.TrustPem));
    }

    public AcmeIssuer Issuer(IChallengeSolver? solver = null, TimeSpan? orderTimeout = null, Uri? directory = null, ILogger? logger = null)
    {
        var url = directory ?? Pebble.DirectoryUrl;
        var storage = new AcmeStorage(State, url);
        var client = new AcmeClient(Http, url, storage.LoadOrCreateAccountKey());
        return new AcmeIssuer(client, storage, State, [solver ?? new Http01Solver(Porch.Server.Challenges)], TimeProvider.System, logger ?? NullLogger.Instance)
        {
            Email = "admin@example.com",
            OrderTimeout = orderTimeout ?? TimeSpan.FromMinutes(2),
        };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Porch.DisposeAsync();
        await Pebble.DisposeAsync();
        Directory.Delete(State, recursive: true);
    }
}
