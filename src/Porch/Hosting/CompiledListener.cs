using Porch.Configuration;

namespace Porch.Hosting;

/// <summary>One socket Porch binds, and what runs on it before HTTP: a PROXY header, TLS termination.</summary>
internal sealed record CompiledListener(ListenAddress Address, bool Tls, bool ProxyProtocol)
{
    /// <summary>The JSON path of the listen entry this came from, for errors; not part of equality.</summary>
    public string Origin { get; init; } = "";

    public bool Equals(CompiledListener? other) =>
        other is not null && Address == other.Address && Tls == other.Tls && ProxyProtocol == other.ProxyProtocol;

    public override int GetHashCode() => HashCode.Combine(Address, Tls, ProxyProtocol);

    public override string ToString() => Address.ToString();
}
