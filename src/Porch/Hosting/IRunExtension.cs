using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Tls;

namespace Porch.Hosting;

/// <summary>
/// What a verb runs beside the server (the relay's tunnel registry, token watcher and status page), hooked into
/// <see cref="PorchRunner"/> so it shares the server's start, certificates and shutdown.
/// </summary>
internal interface IRunExtension
{
    /// <summary>Whether <see cref="StartAsync"/> prints the startup lines itself instead of the standard banner.</summary>
    bool ReplacesBanner { get; }

    /// <summary>The certificate sources sites get: <paramref name="inner"/> as is, or wrapped (the relay issues only for live tunnels).</summary>
    ICertificateSourceFactory Certificates(CertificateSourceFactory inner, AcmeManager acme);

    /// <summary>Starts the extension once the server listens; what it returns is disposed after the server stops.</summary>
    ValueTask<IAsyncDisposable> StartAsync(PorchServer server, ILoggerFactory loggerFactory, CancellationToken cancellationToken);
}
