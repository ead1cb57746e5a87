namespace Porch.Wire.Dns;

/// <summary>A request with its TSIG record appended, and the MAC the response's MAC must cover (RFC 8945 §4.3.1).</summary>
internal sealed record TsigSigned(byte[] Message, byte[] Mac, long TimeSigned);
