using Microsoft.AspNetCore.Http;
using Porch.Forwarding;
using Porch.StaticFiles;

namespace Porch.Hosting;

/// <summary>Used by `porch check`: compiles every rule without creating anything that holds resources.</summary>
internal sealed class ValidatingHandlerFactory : IHandlerFactory
{
    public static readonly ValidatingHandlerFactory Instance = new();

    public IRequestHandler StaticFiles(StaticFileOptions options) => NoHandler.Instance;

    public IRequestHandler Forwarder(ForwarderOptions options) => NoHandler.Instance;

    private sealed class NoHandler : IRequestHandler
    {
        public static readonly NoHandler Instance = new();

        public Task HandleAsync(HttpContext context, PathString remainder) => Task.CompletedTask;
    }
}
