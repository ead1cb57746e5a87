using Microsoft.AspNetCore.Http;

namespace Porch.Hosting;

/// <summary>What answers a route: static files or the forwarder (later also the coffee UI and redirects).</summary>
internal interface IRequestHandler
{
    /// <param name="context">The request.</param>
    /// <param name="remainder">The request path with the route's prefix removed (always starts with '/').</param>
    Task HandleAsync(HttpContext context, PathString remainder);
}
