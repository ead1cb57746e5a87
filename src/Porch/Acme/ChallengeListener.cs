using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Porch.Acme;

/// <summary>
/// A plain-HTTP listener that answers only HTTP-01 challenges (404 for everything else): what `porch cert renew`
/// listens with when no Porch server is running on the HTTP port.
/// </summary>
internal sealed class ChallengeListener : IAsyncDisposable
{
    private readonly WebApplication app;

    private ChallengeListener(WebApplication app) => this.app = app;

    public AcmeChallengeResponses Responses { get; } = new();

    public static async Task<ChallengeListener> StartAsync(int port, bool allInterfaces, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(allInterfaces ? $"http://*:{port}" : $"http://127.0.0.1:{port}");
        var app = builder.Build();
        var listener = new ChallengeListener(app);
        app.Run(context => Http01Responder.TryAnswer(context, listener.Responses) ?? NotFound(context));
        await app.StartAsync(cancellationToken);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
