using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// Writes PROXY headers (for PROXY out, and for tests of the parser): v1 as the canonical text line, v2 as the binary
/// header with the header's TLVs in order and, when asked, a CRC32C TLV appended and filled in.
/// </summary>
internal static class ProxyHeaderWriter
{
    /// <summary>
    /// <c>PROXY TCP4|TCP6 SRC DST SPORT DPORT\r\n</c>, or <c>PROXY UNKNOWN\r\n</c> when the header has no IP addresses
    /// (LOCAL, UNSPEC, AF_UNIX: v1 cannot say more). The two addresses must be of one family.
    /// </summary>
    public static byte[] WriteV1(ProxyHeader header)
    {
        if (!header.HasIpAddresses || header.Destination is null)
        {
            return Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n");
        }

        var source = header.Source!;
        var destination = header.Destination;
        if (source.AddressFamily != destination.AddressFamily)
        {
            throw new ArgumentException("source and destination must both be IPv4 or both IPv6", nameof(header));
        }

        var protocol = source.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
        return Encoding.ASCII.GetBytes($"PROXY {protocol} {source.Address} {destination.Address} {source.Port} {destination.Port}\r\n");
    }

    public static byte[] WriteV2(ProxyHeader header, bool addCrc32C = false)
    {
        var addressLength = ProxyProtocolLimits.V2AddressLength(header.Family);
        var tlvLength = ProxyTlvReader.EncodedLength(header.Tlvs) + (addCrc32C ? ProxyTlvReader.HeaderLength + sizeof(uint) : 0);
        var length = addressLength + tlvLength;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"the addresses and TLVs take {length} bytes; at most {ushort.MaxValue} fit", nameof(header));
        }

        var bytes = new byte[ProxyProtocolLimits.V2FixedLength + length];
        var span = bytes.AsSpan();
        ProxyProtocolLimits.V2Signature.CopyTo(span);
        span[12] = (byte)(0x20 | (byte)header.Command);
        span[13] = (byte)(((byte)header.Family << 4) | (byte)header.Transport);
        BinaryPrimitives.WriteUInt16BigEndian(span[14..], (ushort)length);
        WriteAddresses(header, span.Slice(ProxyProtocolLimits.V2FixedLength, addressLength));
        var offset = ProxyProtocolLimits.V2FixedLength + addressLength;
        offset += ProxyTlvReader.Write(header.Tlvs, span[offset..]);
        if (addCrc32C)
        {
            span[offset] = ProxyTlvType.Crc32C;
            BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 1)..], sizeof(uint));
            // The checksum covers the whole header with its own value zeroed, which it still is here (§2.2.3).
            BinaryPrimitives.WriteUInt32BigEndian(span[(offset + ProxyTlvReader.HeaderLength)..], Crc32C.Compute(span));
        }

        return bytes;
    }

    private static void WriteAddresses(ProxyHeader header, Span<byte> block)
    {
        switch (header.Family)
        {
            case ProxyAddressFamily.Inet or ProxyAddressFamily.Inet6:
                var size = header.Family == ProxyAddressFamily.Inet ? 4 : 16;
                var source = header.Source ?? throw new ArgumentException("an INET/INET6 header needs Source", nameof(header));
                var destination = header.Destination ?? throw new ArgumentException("an INET/INET6 header needs Destination", nameof(header));
                if (!source.Address.TryWriteBytes(block[..size], out var written) || written != size
                    || !destination.Address.TryWriteBytes(block[size..(2 * size)], out written) || written != size)
                {
                    throw new ArgumentException($"the addresses do not match the {header.Family} family", nameof(header));
                }

                BinaryPrimitives.WriteUInt16BigEndian(block[(2 * size)..], (ushort)source.Port);
                BinaryPrimitives.WriteUInt16BigEndian(block[((2 * size) + 2)..], (ushort)destination.Port);
                break;
            case ProxyAddressFamily.Unix:
                WriteUnixPath(header.UnixSource, block[..ProxyProtocolLimits.UnixPathLength]);
                WriteUnixPath(header.UnixDestination, block[ProxyProtocolLimits.UnixPathLength..]);
                break;
            default:
                break;
        }
    }

    private static void WriteUnixPath(string? path, Span<byte> destination)
    {
        var text = path ?? "";
        var abstractName = text.StartsWith('@');
        var name = Encoding.UTF8.GetBytes(abstractName ? text[1..] : text);
        var start = abstractName ? 1 : 0;
        if (name.Length > destination.Length - start - 1)
        {
            throw new ArgumentException($"the socket path \"{text}\" does not fit {ProxyProtocolLimits.UnixPathLength} bytes", nameof(path));
        }

        name.CopyTo(destination[start..]);
    }
}
