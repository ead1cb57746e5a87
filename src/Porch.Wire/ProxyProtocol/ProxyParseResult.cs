namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// The outcome of <see cref="ProxyHeaderParser.Parse"/>: the header and its length when <see cref="Status"/> is
/// <see cref="ProxyParseStatus.Done"/>, a fixed sentence fit for a log line when it is
/// <see cref="ProxyParseStatus.Malformed"/>.
/// </summary>
internal readonly record struct ProxyParseResult(ProxyParseStatus Status, int Length, ProxyHeader? Header, string Error)
{
    public static readonly ProxyParseResult NeedMoreData = new(ProxyParseStatus.NeedMoreData, 0, null, "");

    public static readonly ProxyParseResult NotProxy = new(ProxyParseStatus.NotProxy, 0, null, "");

    public static ProxyParseResult Malformed(string error) => new(ProxyParseStatus.Malformed, 0, null, error);

    public static ProxyParseResult Done(ProxyHeader header, int length) => new(ProxyParseStatus.Done, length, header, "");
}
