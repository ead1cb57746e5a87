using System.Net;
using System.Net.Sockets;

namespace Porch.Hosting;

/// <summary>
/// The address of the in-process HTTP/2-only endpoint that serves connections handed over by
/// <see cref="H2cPrefaceMiddleware"/>. It is not a socket: only <see cref="H2cHandoff"/> can bind it.
/// </summary>
internal sealed class H2cEndPoint : EndPoint
{
    public const string Name = "porch-h2c-handoff";

    public override AddressFamily AddressFamily => AddressFamily.Unspecified;

    public override string ToString() => Name;
}
