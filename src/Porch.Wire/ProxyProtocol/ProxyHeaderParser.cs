namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// Reads a PROXY protocol header (v1 or v2, told apart by their signatures) from the first bytes of a connection.
/// Pure and total: any input gives <see cref="ProxyParseStatus.NeedMoreData"/>, <see cref="ProxyParseStatus.NotProxy"/>,
/// <see cref="ProxyParseStatus.Malformed"/> with a reason, or <see cref="ProxyParseStatus.Done"/> with the header's
/// length; it never throws and never reads past the bytes it is given. Call it again with more bytes after
/// NeedMoreData: it parses from the start, and never needs more than <see cref="ProxyProtocolLimits.V2MaxLength"/>.
/// </summary>
internal static class ProxyHeaderParser
{
    public static ProxyParseResult Parse(ReadOnlySpan<byte> input) => Detect(input) switch
    {
        ProxyParseStatus.Done when input[0] == ProxyProtocolLimits.V1Prefix[0] => ProxyV1Parser.Parse(input),
        ProxyParseStatus.Done => ProxyV2Parser.Parse(input),
        ProxyParseStatus.NeedMoreData => ProxyParseResult.NeedMoreData,
        _ => ProxyParseResult.NotProxy,
    };

    /// <summary>
    /// Whether the bytes start with a PROXY signature: Done when a whole signature is there, NotProxy as soon as a byte
    /// differs from both, NeedMoreData while what arrived is a prefix of one.
    /// </summary>
    public static ProxyParseStatus Detect(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return ProxyParseStatus.NeedMoreData;
        }

        var signature = input[0] == ProxyProtocolLimits.V1Prefix[0] ? ProxyProtocolLimits.V1Prefix : ProxyProtocolLimits.V2Signature;
        var compared = Math.Min(input.Length, signature.Length);
        if (!input[..compared].SequenceEqual(signature[..compared]))
        {
            return ProxyParseStatus.NotProxy;
        }

        return compared == signature.Length ? ProxyParseStatus.Done : ProxyParseStatus.NeedMoreData;
    }
}
