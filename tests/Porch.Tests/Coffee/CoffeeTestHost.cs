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

    /// <summary>
    /// Once per test run, a throwaway pot walks every branch of the dispatcher, so that the timed requests of the tests
    /// (a reply within 1 s) measure the pot and not the JIT compiling it on a busy machine.
    /// </summary>
    private static readonly Lazy<Task> WarmUp = new(async () =>
    {
        await using var pot = await PotHost.StartAsync(ListenAddress.Loopback(0), new CoffeeOptions(), NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        string[] requests =
        [
            "GET / HTCPCP/1.0\r\n\r\n",
            "GET coffee://ducky HTCPCP/1.0\r\n\r\n",
            "PROPFIND coffee://tea/sencha HTCPCP/1.0\r\n\r\n",
            "BREW http://x HTCPCP/1.0\r\n\r\n",
            "BREW coffee://tea/none HTCPCP/1.0\r\n\r\n",
            "FILL coffee://ducky HTCPCP/1.0\r\n\r\n",
            "BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/teapot\r\n\r\nstart",
            "BREW coffee://tea HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\n\r\nstart",
            "BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\nAccept-Additions: Oat milk\r\n\r\nstart",
            "BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\nAccept-Additions: Cream\r\n\r\nstart",
            "BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\n\r\nstart",
            "GET coffee://ducky HTCPCP/1.0\r\n\r\n",
            "WHEN coffee://ducky HTCPCP/1.0\r\n\r\n",
            "BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\n\r\nstop",
            "\u0001garbage\r\n\r\n",
        ];
        foreach (var request in requests)
        {
            await RawHtcpcpClient.ExchangeAsync(pot.Port, request, TimeSpan.FromSeconds(30));
        }
    });

    public PotHost Pot { get; }

    public CoffeeWebHost? Web { get; }

    public ManualClock Clock { get; }

    public int PotPort => Pot.Port;

    public static async Task<CoffeeTestHost> StartAsync(CoffeeOptions? options = null, bool web = false)
    {
        await WarmUp.Value;
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
