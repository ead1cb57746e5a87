namespace Porch.Wire.Htcpcp;

/// <summary>Where parsing a request head stands after looking at the bytes received so far.</summary>
internal enum HtcpcpParseStatus
{
    /// <summary>Valid so far; more bytes are needed to finish the head.</summary>
    Incomplete,

    /// <summary>The head ended with its blank line and is valid.</summary>
    Complete,

    /// <summary>The bytes cannot be a valid request; answer 400 (or 413) and close.</summary>
    Invalid,
}
