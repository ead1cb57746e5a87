using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Unicode;

namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// The v2 binary header (proxy-protocol.txt §2.2): 12-byte signature, version/command, family/transport, a 2-byte
/// length of what follows, the address block of the family, then TLVs to the end of that length. Every length is
/// checked against the bytes that are really there before anything is read, so a header that lies about a length is
/// reported as such, never read past.
/// </summary>
internal static class ProxyV2Parser
{
    /// <summary>Parses a header that starts with the v2 signature (the caller checked).</summary>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> input)
    {
        if (input.Length < ProxyProtocolLimits.V2FixedLength)
        {
            return ProxyParseResult.NeedMoreData;
        }

        var versionCommand = input[12];
        if (versionCommand >> 4 != 2)
        {
            return ProxyParseResult.Malformed($"the v2 version nibble is {versionCommand >> 4}; only 2 is defined");
        }

        if ((versionCommand & 0x0F) > (byte)ProxyCommand.Proxy)
        {
            return ProxyParseResult.Malformed($"the v2 command is 0x{versionCommand & 0x0F:X}; only LOCAL (0) and PROXY (1) are defined");
        }

        var familyTransport = input[13];
        if (familyTransport >> 4 > (byte)ProxyAddressFamily.Unix)
        {
            return ProxyParseResult.Malformed($"the v2 address family is 0x{familyTransport >> 4:X}; only UNSPEC, INET, INET6 and UNIX are defined");
        }

        if ((familyTransport & 0x0F) > (byte)ProxyTransport.Datagram)
        {
            return ProxyParseResult.Malformed($"the v2 transport is 0x{familyTransport & 0x0F:X}; only UNSPEC, STREAM and DGRAM are defined");
        }

        var length = ProxyProtocolLimits.V2FixedLength + BinaryPrimitives.ReadUInt16BigEndian(input[14..]);
        if (input.Length < length)
        {
            return ProxyParseResult.NeedMoreData;
        }

        var command = (ProxyCommand)(versionCommand & 0x0F);
        var family = (ProxyAddressFamily)(familyTransport >> 4);
        var header = input[..length];
        var block = header[ProxyProtocolLimits.V2FixedLength..];
        var addressLength = ProxyProtocolLimits.V2AddressLength(family);
        if (block.Length < addressLength)
        {
            return ProxyParseResult.Malformed(
                $"the v2 length says {block.Length} byte(s) follow, fewer than the {addressLength} of the {family} addresses");
        }

        var tlvs = ReadTlvs(header, ProxyProtocolLimits.V2FixedLength + addressLength, out var error);
        if (tlvs is null)
        {
            return ProxyParseResult.Malformed(error!);
        }

        // One header object per connection: the addresses are read straight into it.
        var addresses = block[..addressLength];
        var size = family == ProxyAddressFamily.Inet6 ? 16 : 4;
        var inet = family is ProxyAddressFamily.Inet or ProxyAddressFamily.Inet6;
        var unix = family == ProxyAddressFamily.Unix;
        return ProxyParseResult.Done(new ProxyHeader
        {
            Version = 2,
            Command = command,
            Family = family,
            Transport = (ProxyTransport)(familyTransport & 0x0F),
            Source = inet ? EndPoint(addresses[..size], addresses[(2 * size)..]) : null,
            Destination = inet ? EndPoint(addresses[size..(2 * size)], addresses[((2 * size) + 2)..]) : null,
            UnixSource = unix ? UnixPath(addresses[..ProxyProtocolLimits.UnixPathLength]) : null,
            UnixDestination = unix ? UnixPath(addresses[ProxyProtocolLimits.UnixPathLength..]) : null,
            Tlvs = tlvs,
        }, length);
    }

    private static IPEndPoint EndPoint(ReadOnlySpan<byte> address, ReadOnlySpan<byte> port) =>
        new(new IPAddress(address), BinaryPrimitives.ReadUInt16BigEndian(port));

    /// <summary>
    /// A sun_path: the bytes up to the first NUL; an abstract socket's leading NUL is shown as '@', and all zeros
    /// (no path) as "".
    /// </summary>
    private static string UnixPath(ReadOnlySpan<byte> path)
    {
        var abstractName = !path.IsEmpty && path[0] == 0 && path.ContainsAnyExcept((byte)0);
        var name = abstractName ? path[1..] : path;
        var end = name.IndexOf((byte)0);
        var text = Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
        return abstractName ? "@" + text : text;
    }

    /// <summary>The TLVs from <paramref name="offset"/> to the end of the header, each validated; null with a reason if one is bad.</summary>
    private static ProxyTlv[]? ReadTlvs(ReadOnlySpan<byte> header, int offset, out string? error)
    {
        error = null;
        if (offset == header.Length)
        {
            return [];
        }

        var tlvs = new List<ProxyTlv>();

        // One copy of the TLV area backs every value, so the header can outlive the connection's buffer.
        ReadOnlyMemory<byte> area = header[offset..].ToArray();
        var span = area.Span;
        var at = 0;
        while (at < span.Length)
        {
            if (!ProxyTlvReader.TryRead(span, ref at, out var type, out var start, out var length, out error))
            {
                return null;
            }

            var value = span.Slice(start, length);
            error = Validate(type, value, area.Slice(start, length), header, offset + start);
            if (error is not null)
            {
                return null;
            }

            tlvs.Add(new ProxyTlv(type, area.Slice(start, length)));
        }

        return [.. tlvs];
    }

    private static string? Validate(byte type, ReadOnlySpan<byte> value, ReadOnlyMemory<byte> memory, ReadOnlySpan<byte> header, int valueOffset)
    {
        switch (type)
        {
            case ProxyTlvType.Alpn when value.IsEmpty:
                return "the ALPN TLV is empty";
            case ProxyTlvType.Authority when value.IsEmpty || !Utf8.IsValid(value):
                return "the AUTHORITY TLV is not a non-empty UTF-8 host name";
            case ProxyTlvType.Crc32C when value.Length != sizeof(uint):
                return $"the CRC32C TLV has {value.Length} byte(s); it must have 4";
            case ProxyTlvType.Crc32C:
                return ChecksumError(header, valueOffset);
            case ProxyTlvType.UniqueId when value.Length > ProxyProtocolLimits.UniqueIdMaxLength:
                return $"the UNIQUE_ID TLV has {value.Length} bytes; at most {ProxyProtocolLimits.UniqueIdMaxLength} are allowed";
            case ProxyTlvType.Netns when value.IsEmpty || !Ascii.IsValid(value):
                return "the NETNS TLV is not a non-empty US-ASCII name";
            case ProxyTlvType.Ssl:
                _ = ProxySslInfo.Decode(value, memory, out var sslError);
                return sslError;
            default:
                return null;
        }
    }

    /// <summary>§2.2.3: the CRC32C of the whole header, computed with the checksum's own 4 bytes as zeros.</summary>
    private static string? ChecksumError(ReadOnlySpan<byte> header, int valueOffset)
    {
        var crc = Crc32C.Update(Crc32C.Initial, header[..valueOffset]);
        crc = Crc32C.Update(crc, [0, 0, 0, 0]);
        crc = Crc32C.Finish(Crc32C.Update(crc, header[(valueOffset + sizeof(uint))..]));
        var sent = BinaryPrimitives.ReadUInt32BigEndian(header[valueOffset..]);
        return crc == sent ? null : $"the CRC32C TLV says 0x{sent:X8} but the header's checksum is 0x{crc:X8}";
    }
}
