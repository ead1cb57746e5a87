namespace Porch.Net;

/// <summary>Which forwarded header a chain is read from.</summary>
internal enum ForwardedSyntax
{
    /// <summary>De-facto <c>X-Forwarded-For: client, proxy1, proxy2</c>: bare addresses, optionally with a port.</summary>
    XForwardedFor,

    /// <summary>RFC 7239 <c>Forwarded: for=client;proto=https, for=proxy1</c>: the <c>for</c> parameter of each element.</summary>
    Forwarded,
}
