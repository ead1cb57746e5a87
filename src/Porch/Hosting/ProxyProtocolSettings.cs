using Porch.Net;

namespace Porch.Hosting;

/// <summary>
/// What the PROXY connection middleware asks the running server, once per connection: the trusted proxies of the
/// current snapshot (so a reload that changes them applies to the next connection without rebinding), and the clock.
/// </summary>
internal sealed class ProxyProtocolSettings(Func<CidrSet> trustedProxies, TimeProvider time)
{
    public CidrSet TrustedProxies => trustedProxies();

    public TimeProvider Time { get; } = time;
}
