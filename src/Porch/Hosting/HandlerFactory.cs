using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Porch.Forwarding;
using Porch.StaticFiles;

namespace Porch.Hosting;

/// <summary>
/// Creates the real handlers. Forwarders are kept per upstream across reloads so an unchanged upstream keeps its
/// pooled connections; static handlers are cheap and made anew.
/// </summary>
internal sealed class HandlerFactory(ILoggerFactory loggerFactory) : IHandlerFactory, IDisposable
{
    private readonly ConcurrentDictionary<ForwarderOptions, Forwarder> forwarders = new();

    public IRequestHandler StaticFiles(StaticFileOptions options) =>
        new StaticFileHandler(options, loggerFactory.CreateLogger<StaticFileHandler>());

    public IRequestHandler Forwarder(ForwarderOptions options) =>
        forwarders.GetOrAdd(options, o => new Forwarder(o, loggerFactory.CreateLogger<Forwarder>()));

    public void Dispose()
    {
        foreach (var forwarder in forwarders.Values)
        {
            forwarder.Dispose();
        }
    }
}
