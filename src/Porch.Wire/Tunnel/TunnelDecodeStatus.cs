namespace Porch.Wire.Tunnel;

/// <summary>What <see cref="TunnelMessageCodec.TryDecode"/> found.</summary>
internal enum TunnelDecodeStatus
{
    NeedMore,
    Message,
    Invalid,
}
