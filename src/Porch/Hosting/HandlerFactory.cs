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

    /// <summary>
    /// Forgets the forwarders no route of <paramref name="current"/> uses any more and disposes them (closing their
    /// pooled upstream connections) after <paramref name="grace"/>, so requests still running on them may finish.
    /// </summary>
    public void RetireUnused(CompiledConfig current, TimeSpan grace)
    {
        foreach (var (options, forwarder) in forwarders)
        {
            if (!current.Handlers.Contains(forwarder) && forwarders.TryRemove(options, out _))
            {
                _ = Task.Delay(grace).ContinueWith(_ => forwarder.Dispose(), TaskScheduler.Default);
            }
        }
    }

    /// <summary>How many upstreams have a live forwarder (and so a connection pool).</summary>
    public int ForwarderCount => forwarders.Count;

    public void Dispose()
    {
        foreach (var forwarder in forwarders.Values)
        {
            forwarder.Dispose();
        }
    }
}
