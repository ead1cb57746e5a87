namespace Porch.Net;

/// <summary>Who can reach an address: the classes a person needs to know about when sharing a server.</summary>
internal enum AddressClass
{
    /// <summary>127.0.0.0/8, ::1: only this machine.</summary>
    Loopback,

    /// <summary>RFC 1918 (10/8, 172.16/12, 192.168/16) and RFC 4193 unique-local (fc00::/7): your network.</summary>
    Private,

    /// <summary>169.254/16 and fe80::/10 (RFC 3927, RFC 4291 §2.5.6): the same link only.</summary>
    LinkLocal,

    /// <summary>100.64/10 (RFC 6598): the carrier's shared NAT space, not reachable from the internet.</summary>
    CarrierGradeNat,

    /// <summary>Anything routable on the internet.</summary>
    Public,

    /// <summary>0.0.0.0, ::, multicast, documentation and other addresses no client connects to.</summary>
    Unusable,
}
