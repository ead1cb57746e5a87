namespace Porch.Configuration;

/// <summary>
/// One listen entry: in porch.json a string (<c>"*:443"</c>) or an object
/// (<c>{ "address": "*:443", "proxyProtocol": true }</c>).
/// </summary>
internal sealed record ListenConfig(string Address)
{
    /// <summary>Expect a PROXY protocol header (v1 or v2) from trusted proxies before TLS or HTTP.</summary>
    public bool ProxyProtocol { get; init; }

    public static implicit operator ListenConfig(string address) => FromString(address);

    public static ListenConfig FromString(string address) => new(address);

    public override string ToString() => Address;
}
