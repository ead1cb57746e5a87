using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Porch.Configuration;
using Porch.Tls;

namespace Porch.Coffee.Web;

/// <summary>The coffee web front end: Kestrel serving <see cref="CoffeeWebApp"/> over HTTP or HTTPS (port 5031 by default).</summary>
internal sealed class CoffeeWebHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private CoffeeWebHost(WebApplication app) => this.app = app;

    public IReadOnlyList<string> BoundUrls => CoffeeListen.BoundUrls(app.Services);

    public int Port => CoffeeListen.BoundPort(app.Services);

    /// <summary>Starts the front end; with <paramref name="https"/>, over HTTPS with certificates from that source.</summary>
    public static async Task<CoffeeWebHost> StartAsync(
        ListenAddress listen, PotAddress pot, ILoggerFactory loggerFactory, CancellationToken cancellationToken, ICertificateSource? https = null)
    {
        var web = new CoffeeWebApp(new PotClient(pot, loggerFactory.CreateLogger("Porch.Coffee.Web")));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            CoffeeListen.Bind(o, listen, l =>
            {
                if (https is not null)
                {
                    TlsTermination.UseSingleSource(l, https);
                }
            });
        });
        var app = builder.Build();
        app.Run(web.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new CoffeeWebHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
