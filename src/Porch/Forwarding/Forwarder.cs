using Microsoft.AspNetCore.Http;
using Porch.Hosting;

namespace Porch.Forwarding;

/// <summary>Reverse proxy to one upstream. (Placeholder: the full forwarder arrives with the forwarding work.)</summary>
internal sealed class Forwarder(ForwarderOptions options) : IRequestHandler, IDisposable
{
    public ForwarderOptions Options { get; } = options;

    public Task HandleAsync(HttpContext context, PathString remainder) =>
        ErrorPage.WriteAsync(context, 502, "Bad Gateway", "Forwarding is not built yet.");

    public void Dispose()
    {
    }
}
