namespace Porch.Dns;

/// <summary>The outcome of one dynamic update, each with its own advice (RFC 2136 §2.2, RFC 8945 §5.3).</summary>
internal enum DnsUpdateStatus
{
    Done,

    /// <summary>The server does not know the key name (TSIG BADKEY).</summary>
    UnknownKey,

    /// <summary>The server knows the key name but the MAC does not verify: another secret or algorithm (BADSIG).</summary>
    WrongSecret,

    /// <summary>The clocks differ by more than the fudge (BADTIME).</summary>
    ClockSkew,

    /// <summary>REFUSED: the zone does not allow this key (or any key) to update this name.</summary>
    Refused,

    /// <summary>NOTAUTH without a TSIG error: the server is not authoritative (primary) for the zone.</summary>
    NotAuthoritative,

    /// <summary>NOTZONE: a name is outside the zone.</summary>
    NotInZone,

    /// <summary>A prerequisite did not hold (YXDOMAIN, YXRRSET, NXDOMAIN, NXRRSET).</summary>
    PrerequisiteFailed,

    /// <summary>Any other RCODE (SERVFAIL, NOTIMP, FORMERR).</summary>
    ServerError,

    Timeout,

    Unreachable,

    BadResponse,
}
