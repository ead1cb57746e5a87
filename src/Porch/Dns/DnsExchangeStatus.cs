namespace Porch.Dns;

/// <summary>How one request/response exchange with a DNS server ended, before its RCODE is looked at.</summary>
internal enum DnsExchangeStatus
{
    /// <summary>A response to our request arrived, decoded, and (when we signed) its TSIG verified or carried the
    /// server's TSIG error.</summary>
    Answered,

    /// <summary>Nothing answered within the timeout on any attempt.</summary>
    Timeout,

    /// <summary>The server's address refused the connection or the datagram (ICMP port unreachable), or the network
    /// is unreachable.</summary>
    Unreachable,

    /// <summary>The answer could not be decoded, or its signature did not verify.</summary>
    BadResponse,
}
