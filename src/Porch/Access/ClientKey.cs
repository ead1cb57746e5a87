using System.Buffers.Binary;
using System.Net;

namespace Porch.Access;

/// <summary>
/// The key per-client tables are kept under: an IPv4 address, or the /64 of an IPv6 address. One IPv6 host usually
/// owns a whole /64 (RFC 4291 §2.5.4) and can change address within it at will, so a finer key would let it escape
/// every per-address limit.
/// </summary>
internal static class ClientKey
{
    /// <summary>Where clients share one entry when a table is full, or when there is no address at all.</summary>
    public static readonly UInt128 Overflow = UInt128.MaxValue;

    public static UInt128 Of(IPAddress? address)
    {
        if (address is null)
        {
            return Overflow;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return Overflow;
        }

        if (written == 4)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        }

        // The upper 64 bits, marked so they never equal an IPv4 key.
        return ((UInt128)BinaryPrimitives.ReadUInt64BigEndian(bytes) << 64) | 1u << 32;
    }
}
