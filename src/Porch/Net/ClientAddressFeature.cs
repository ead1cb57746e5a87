using System.Net;

namespace Porch.Net;

/// <summary>
/// The client address decided from trusted forwarded headers, cached on the request (set once by
/// <see cref="ClientAddress.Decide"/>). Absent when the headers did not change the answer: then the client is the
/// transport's peer (the socket, or the PROXY header's source).
/// </summary>
internal sealed class ClientAddressFeature(IReadOnlyList<IPAddress> chain)
{
    /// <summary>The real client: the first hop of <see cref="Chain"/>.</summary>
    public IPAddress Address => Chain[0];

    /// <summary>
    /// The verified path of the request, the real client first and the transport's peer last: every address after
    /// the first is a trusted proxy that vouched for the address before it.
    /// </summary>
    public IReadOnlyList<IPAddress> Chain { get; } = chain.Count > 0 ? chain : throw new ArgumentException("empty chain", nameof(chain));
}
