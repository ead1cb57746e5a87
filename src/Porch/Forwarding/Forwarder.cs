using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Porch.Hosting;

namespace Porch.Forwarding;

/// <summary>Reverse proxy to one upstream. (Placeholder: the full forwarder arrives with the forwarding work.)</summary>
internal sealed class Forwarder(ForwarderOptions options, ILogger<Forwarder> logger) : IRequestHandler, IDisposable
{
    public ForwarderOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public Task HandleAsync(HttpContext context, PathString remainder) =>
        ErrorPage.WriteAsync(context, 502, "Bad Gateway", "Forwarding is not built yet.");

    public void Dispose()
    {
    }
}
