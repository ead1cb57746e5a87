using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Porch.Configuration;

namespace Porch.Coffee;

/// <summary>Binds a Kestrel endpoint for a <see cref="ListenAddress"/>, and reads back what was really bound.</summary>
internal static class CoffeeListen
{
    public static void Bind(KestrelServerOptions kestrel, ListenAddress address, Action<ListenOptions> configure)
    {
        switch (address.Scope)
        {
            // Kestrel cannot bind "localhost" to a dynamic port; tests ask for port 0 and get 127.0.0.1.
            case ListenScope.Loopback when address.Port == 0:
                kestrel.Listen(IPAddress.Loopback, 0, configure);
                break;
            case ListenScope.Loopback:
                kestrel.ListenLocalhost(address.Port, configure);
                break;
            case ListenScope.AnyInterface:
                kestrel.ListenAnyIP(address.Port, configure);
                break;
            default:
                kestrel.Listen(address.Address!, address.Port, configure);
                break;
        }
    }

    /// <summary>The addresses Kestrel bound, with ports resolved when 0 was asked for.</summary>
    public static IReadOnlyList<string> BoundUrls(IServiceProvider services) =>
        [.. services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    public static int BoundPort(IServiceProvider services) =>
        BoundUrls(services).Select(u => Uri.TryCreate(u.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : 0)
            .FirstOrDefault(p => p > 0);
}
