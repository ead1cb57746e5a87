using Porch.Configuration;
using Porch.Logging;

namespace Porch.Hosting;

/// <summary>
/// The running snapshot: everything parsed and checked, swapped atomically on reload, never mutated.
/// Sites are found by the local port of the connection; port 0 (tests, "any free port") is the fallback key.
/// </summary>
internal sealed class CompiledConfig
{
    public required PorchConfig Source { get; init; }

    public required IReadOnlyList<CompiledListener> Listeners { get; init; }

    public required IReadOnlyDictionary<int, SiteSelector> SitesByPort { get; init; }

    public required AccessLogSettings AccessLog { get; init; }

    public required ServerLimits Limits { get; init; }

    /// <summary>Every handler some route uses, so handlers the previous snapshot had and this one dropped can be retired.</summary>
    public required IReadOnlyCollection<IRequestHandler> Handlers { get; init; }

    public CompiledSite? SelectSite(int localPort, string host)
    {
        if (SitesByPort.TryGetValue(localPort, out var selector) || SitesByPort.TryGetValue(0, out selector))
        {
            return selector.Select(host);
        }

        return null;
    }
}
