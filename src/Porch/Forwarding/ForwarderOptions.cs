namespace Porch.Forwarding;

/// <summary>A proxied route: the upstream (scheme, host, port, optional base path) and how long to wait for its answer.</summary>
internal sealed record ForwarderOptions(Uri Upstream, TimeSpan ResponseTimeout)
{
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(60);
}
