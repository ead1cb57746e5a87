using Porch.Forwarding;
using Porch.StaticFiles;

namespace Porch.Hosting;

/// <summary>Creates route handlers while a configuration is compiled; the seam lets `porch check` compile without serving.</summary>
internal interface IHandlerFactory
{
    IRequestHandler StaticFiles(StaticFileOptions options);

    IRequestHandler Forwarder(ForwarderOptions options);
}
