using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Porch.Configuration;

namespace Porch.Hosting;

/// <summary>
/// The connection middleware of one listener, in the order its bytes arrive (DESIGN.md, "One path for every byte"):
/// <list type="number">
/// <item>PROXY protocol header, on listeners that expect one, from trusted proxies only.</item>
/// <item>TLS termination, on TLS listeners, with the certificate chosen by SNI.</item>
/// <item>HTTP/2 by prior knowledge (<see cref="H2cHandoff"/>), on plain-HTTP listeners: with TLS, ALPN chooses.</item>
/// </list>
/// Kestrel runs this for every listener it binds, at start and on reload, with the snapshot that asked for it.
/// </summary>
internal static class ListenerPipeline
{
    public static void Configure(ListenOptions listen, CompiledConfig config, H2cHandoff h2c)
    {
        if (listen.EndPoint is H2cEndPoint)
        {
            return;
        }

        var settings = Find(listen.EndPoint as IPEndPoint, config);
        if (settings is not { Tls: true })
        {
            h2c.Use(listen);
        }
    }

    /// <summary>The configured listener Kestrel is binding: same port, and an address of the same kind.</summary>
    public static CompiledListener? Find(IPEndPoint? endpoint, CompiledConfig config)
    {
        if (endpoint is null)
        {
            return null;
        }

        return config.Listeners.FirstOrDefault(l => l.Address.Port == endpoint.Port && l.Address.Scope switch
        {
            ListenScope.Loopback => IPAddress.IsLoopback(endpoint.Address),
            ListenScope.AnyInterface => endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any),
            _ => endpoint.Address.Equals(l.Address.Address),
        });
    }
}
