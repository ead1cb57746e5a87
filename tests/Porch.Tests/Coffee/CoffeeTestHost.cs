using Microsoft.Extensions.Logging.Abstractions;
using Porch.Coffee;
using Porch.Coffee.Web;
using Porch.Configuration;

namespace Porch.Tests.Coffee;

/// <summary>A real pot on 127.0.0.1:0 with a hand-moved clock, and optionally the web front end talking to it over TCP.</summary>
internal sealed class CoffeeTestHost : IAsyncDisposable
{
    private CoffeeTestHost(PotHost pot, CoffeeWebHost? web, ManualClock clock)
    {
        Pot = pot;
        Web = web;
        Clock = clock;
    }

    public PotHost Pot { get; }

    public CoffeeWebHost? Web { get; }

    public ManualClock Clock { get; }

    public int PotPort => Pot.Port;

    public static async Task<CoffeeTestHost> StartAsync(CoffeeOptions? options = null, bool web = false)
    {
        var clock = new ManualClock();
        var pot = await PotHost.StartAsync(ListenAddress.Loopback(0), options ?? new CoffeeOptions(), NullLoggerFactory.Instance, clock, CancellationToken.None);
        var front = web
            ? await CoffeeWebHost.StartAsync(ListenAddress.Loopback(0), new PotAddress("127.0.0.1", pot.Port), NullLoggerFactory.Instance, CancellationToken.None)
            : null;
        return new CoffeeTestHost(pot, front, clock);
    }

    public Task<RawReply> SendAsync(string request) => RawHtcpcpClient.ExchangeAsync(PotPort, request);

    public HttpClient CreateWebClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{Web!.Port}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        if (Web is not null)
        {
            await Web.DisposeAsync();
        }

        await Pot.DisposeAsync();
    }
}
