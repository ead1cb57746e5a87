namespace Porch.Wire.Dns;

/// <summary>What checking a response's TSIG record found (RFC 8945 §5.3).</summary>
internal enum TsigStatus
{
    /// <summary>Signed with our key, MAC verified over the request MAC and the response, time within fudge.</summary>
    Valid,

    /// <summary>No TSIG record: not acceptable as the answer to a signed request (§5.3.3), unless it is a
    /// FORMERR/NOTIMP/… from a server that does not do TSIG.</summary>
    Unsigned,

    /// <summary>The server rejected our request's signature (§5.2.3; its error field says BADSIG, BADKEY or BADTIME).</summary>
    RejectedByServer,

    /// <summary>A TSIG record for another key name or algorithm.</summary>
    OtherKey,

    /// <summary>The MAC does not match: the response was altered or signed with another secret.</summary>
    BadMac,

    /// <summary>The response was signed outside its fudge window of our clock (§5.2.3).</summary>
    BadTime,
}
