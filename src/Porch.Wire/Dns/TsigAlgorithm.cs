namespace Porch.Wire.Dns;

/// <summary>The HMAC algorithms Porch signs with; RFC 8945 §6 makes HMAC-SHA256 mandatory, SHA-512 is common too.</summary>
internal enum TsigAlgorithm
{
    HmacSha256,
    HmacSha512,
}
