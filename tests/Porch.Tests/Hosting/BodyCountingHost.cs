using Microsoft.Extensions.Logging.Abstractions;
using Porch.Configuration;
using Porch.Forwarding;
using Porch.Hosting;
using Porch.StaticFiles;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

/// <summary>
/// A real Porch server whose upstream routes are served by <see cref="BodyCountingHandler"/> instead of the
/// forwarder (through the <see cref="IHandlerFactory"/> seam), so the body limits PorchServer applies per route —
/// size and minimum rate — can be checked against a handler that reads the body, with no upstream involved.
/// </summary>
internal sealed class BodyCountingHost : IAsyncDisposable, IHandlerFactory
{
    private readonly HandlerFactory real = new(NullLoggerFactory.Instance);
    private PorchServer? server;

    public int Port { get; private set; }

    public static async Task<BodyCountingHost> StartAsync(PorchConfig config)
    {
        var host = new BodyCountingHost();
        var (compiled, errors) = ConfigCompiler.Compile(config, Environment.CurrentDirectory, host);
        if (compiled is null)
        {
            throw new InvalidOperationException("Test config is invalid: " + string.Join("; ", errors));
        }

        host.server = await PorchServer.StartAsync(compiled, NullLoggerFactory.Instance, new SynchronizedStringWriter(), null, CancellationToken.None);
        host.Port = new Uri(host.server.BoundUrls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))).Port;
        return host;
    }

    public IRequestHandler StaticFiles(StaticFileOptions options) => real.StaticFiles(options);

    public IRequestHandler Forwarder(ForwarderOptions options) => BodyCountingHandler.Instance;

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }

        real.Dispose();
    }
}
