using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Porch.Configuration;

namespace Porch.Coffee;

/// <summary>
/// The HTCPCP pot server: Kestrel with <see cref="HtcpcpConnectionHandler"/> on a TCP port (5030 by default),
/// no HTTP pipeline. The pots' clock is injected so tests can brew without waiting.
/// </summary>
internal sealed class PotHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private PotHost(WebApplication app, PotRegistry pots)
    {
        this.app = app;
        Pots = pots;
    }

    public PotRegistry Pots { get; }

    public IReadOnlyList<string> BoundUrls => CoffeeListen.BoundUrls(app.Services);

    /// <summary>The TCP port the pot listens on (resolved when 0 was asked for).</summary>
    public int Port => CoffeeListen.BoundPort(app.Services);

    public static async Task<PotHost> StartAsync(
        ListenAddress listen, CoffeeOptions options, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var pots = new PotRegistry(options.Pots, time, options.BrewTime);
        var replies = new PotReplies(options.ServerName, time);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(replies);
        builder.Services.AddSingleton(new HtcpcpDispatcher(pots, replies, options.BrewTime));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            CoffeeListen.Bind(o, listen, l => l.UseConnectionHandler<HtcpcpConnectionHandler>());
        });
        var app = builder.Build();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new PotHost(app, pots);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
