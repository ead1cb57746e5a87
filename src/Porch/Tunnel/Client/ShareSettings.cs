using System.Security.Cryptography.X509Certificates;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>Everything <c>porch share</c> was told, checked and parsed once by the command.</summary>
/// <param name="Relay">The relay's base URL (https:// or http://).</param>
/// <param name="Token">The bearer token from <c>porch relay token add</c>.</param>
/// <param name="Target">The app, as <see cref="Configuration.UpstreamAddress"/> parsed it.</param>
/// <param name="Hello">The hello sent on every connection (name, scheme, base path, access rules as hashes).</param>
/// <param name="TrustedRoots">Roots trusted for the relay's certificate besides the system's (<c>--ca</c>), or null.</param>
/// <param name="GuestPassword">The generated password for user guest, shown once; null when the user chose the access rules.</param>
internal sealed record ShareSettings(
    Uri Relay, string Token, Uri Target, HelloMessage Hello, X509Certificate2Collection? TrustedRoots, string? GuestPassword)
{
    /// <summary>The PROXY header version (1 or 2) written to the app on each public TCP connection; null: none.</summary>
    public int? ProxyProtocol { get; init; }

    /// <summary>How long a TCP and TLS connect may take, to the relay or to the app.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
}
