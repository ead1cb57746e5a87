namespace Porch.Wire.ProxyProtocol;

/// <summary>Where parsing a PROXY header stands after looking at the bytes received so far.</summary>
internal enum ProxyParseStatus
{
    /// <summary>A header so far (or too few bytes to tell): read more and parse again from the start.</summary>
    NeedMoreData,

    /// <summary>The bytes start with neither signature: this connection sends no PROXY header.</summary>
    NotProxy,

    /// <summary>A PROXY signature followed by something invalid; <see cref="ProxyParseResult.Error"/> says what.</summary>
    Malformed,

    /// <summary>A whole, valid header of <see cref="ProxyParseResult.Length"/> bytes; what follows is the payload.</summary>
    Done,
}
