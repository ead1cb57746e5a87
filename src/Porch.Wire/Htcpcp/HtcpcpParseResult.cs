namespace Porch.Wire.Htcpcp;

/// <summary>The outcome of <see cref="HtcpcpRequestParser.Parse"/>; <see cref="Detail"/> is a fixed sentence fit for a 400 body.</summary>
internal readonly record struct HtcpcpParseResult(HtcpcpParseStatus Status, HtcpcpRequestError Error, string Detail)
{
    public static readonly HtcpcpParseResult Incomplete = new(HtcpcpParseStatus.Incomplete, HtcpcpRequestError.None, "");

    public static readonly HtcpcpParseResult Complete = new(HtcpcpParseStatus.Complete, HtcpcpRequestError.None, "");

    public static HtcpcpParseResult Invalid(HtcpcpRequestError error, string detail) => new(HtcpcpParseStatus.Invalid, error, detail);
}
