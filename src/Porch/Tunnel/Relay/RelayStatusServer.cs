using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Porch.Storage;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The relay's status page (<see cref="RelayStatusApp"/>) on 127.0.0.1 and a port the system picks: loopback only,
/// never a public address, so only people logged in to this computer see it. Its URL is written to
/// <c>relay/status.url</c> at start (for <c>porch relay status</c> and <c>porch relay token revoke</c>) and removed at
/// stop, unless another relay has written its own there since.
/// </summary>
internal sealed partial class RelayStatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _urlFile;
    private readonly ILogger _logger;

    private RelayStatusServer(WebApplication app, string urlFile, Uri url, ILogger logger)
    {
        _app = app;
        _urlFile = urlFile;
        Url = url;
        _logger = logger;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    public static async Task<RelayStatusServer> StartAsync(
        ITunnelDirectory directory, string stateDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var status = new RelayStatusApp(directory, time ?? TimeProvider.System);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(status.HandleAsync);
        await app.StartAsync(cancellationToken);

        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            var url = new Uri(new Uri(address), "/");
            var urlFile = RelayStateFiles.StatusUrl(stateDirectory);
            TokenStoreFile.EnsureFolder(stateDirectory);
            AtomicFile.WriteText(urlFile, url + "\n", AtomicFile.Private);
            var logger = loggerFactory.CreateLogger("Porch.Tunnel.Relay.Status");
            Started(logger, url);
            return new RelayStatusServer(app, urlFile, url, logger);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (RelayStatusClient.ReadUrl(_urlFile) == Url)
            {
                File.Delete(_urlFile);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale status.url is harmless: `porch relay status` finds nobody answering there and says so.
            UrlFileNotRemoved(_logger, _urlFile, e.Message);
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "Relay status page (this computer only): {Url}")]
    private static partial void Started(ILogger logger, Uri url);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "Could not remove {File}: {Problem}")]
    private static partial void UrlFileNotRemoved(ILogger logger, string file, string problem);
}
