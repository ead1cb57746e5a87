namespace Porch.Wire.Htcpcp;

/// <summary>One header field as received: the name keeps its spelling, the value has its surrounding whitespace removed.</summary>
internal readonly record struct HtcpcpHeader(string Name, string Value);
