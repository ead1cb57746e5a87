namespace Porch.Wire.Htcpcp;

/// <summary>What a request's Content-Type asks the pot for.</summary>
internal enum PotMessageType
{
    /// <summary>No Content-Type field.</summary>
    Missing,

    /// <summary>A media type that is not an HTCPCP one.</summary>
    Unsupported,

    /// <summary><c>message/coffeepot</c> (RFC 2324 §4) or <c>application/coffee-pot-command</c> (§2.1.1).</summary>
    Coffee,

    /// <summary><c>message/teapot</c> (RFC 7168 §3).</summary>
    Tea,
}
