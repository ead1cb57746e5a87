using System.Buffers.Binary;
using System.Net;
using System.Text;
using Porch.Wire.ProxyProtocol;

namespace Porch.Wire.Tests.ProxyProtocol;

public class ProxyV2ParserTests
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>PROXY, TCP over IPv4, 192.0.2.1:56324 -> 198.51.100.2:443, written out byte by byte.</summary>
    private static byte[] Inet(params byte[] tlvs) =>
    [
        .. Signature, 0x21, 0x11, .. BigEndian((ushort)(12 + tlvs.Length)),
        192, 0, 2, 1, 198, 51, 100, 2, 0xDC, 0x04, 0x01, 0xBB, .. tlvs,
    ];

    [Fact]
    public void Parse_InetStream_AddressesPortsAndLength()
    {
        byte[] input = [.. Inet(), .. "GET /"u8];

        var result = ProxyHeaderParser.Parse(input);

        Assert.Equal(ProxyParseStatus.Done, result.Status);
        Assert.Equal(28, result.Length);
        var header = result.Header!;
        Assert.Equal(2, header.Version);
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.Equal(ProxyTransport.Stream, header.Transport);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 56324), header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.2"), 443), header.Destination);
        Assert.Empty(header.Tlvs);
    }

    [Fact]
    public void Parse_Inet6_Addresses()
    {
        var source = IPAddress.Parse("2001:db8::7").GetAddressBytes();
        var destination = IPAddress.Parse("2001:db8::1").GetAddressBytes();
        byte[] input = [.. Signature, 0x21, 0x21, 0, 36, .. source, .. destination, 0x12, 0x67, 0x00, 0x50];

        var header = ProxyHeaderParser.Parse(input).Header!;

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 4711), header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 80), header.Destination);
    }

    [Fact]
    public void Parse_Local_KeepsTheSocketAddressesEvenWithAnAddressBlock()
    {
        byte[] local = [.. Signature, 0x20, 0x00, 0, 0];
        var inetLocal = Inet();
        inetLocal[12] = 0x20;

        Assert.False(ProxyHeaderParser.Parse(local).Header!.HasIpAddresses);
        var withBlock = ProxyHeaderParser.Parse(inetLocal);
        Assert.Equal(ProxyParseStatus.Done, withBlock.Status);
        Assert.Equal(ProxyCommand.Local, withBlock.Header!.Command);
        Assert.False(withBlock.Header.HasIpAddresses);
    }

    [Fact]
    public void Parse_Unix_SocketPaths()
    {
        var block = new byte[216];
        "/run/client.sock"u8.CopyTo(block);
        "/run/porch.sock"u8.CopyTo(block.AsSpan(108));
        byte[] input = [.. Signature, 0x21, 0x31, 0, 216, .. block];

        var header = ProxyHeaderParser.Parse(input).Header!;

        Assert.Equal(ProxyAddressFamily.Unix, header.Family);
        Assert.Equal("/run/client.sock", header.UnixSource);
        Assert.Equal("/run/porch.sock", header.UnixDestination);
        Assert.False(header.HasIpAddresses);
    }

    [Fact]
    public void Parse_Tlvs_TypedAccessorsAndUnknownKept()
    {
        var ssl = new ProxySslInfo
        {
            Client = ProxySslInfo.ClientSsl | ProxySslInfo.ClientCertConnection,
            Verify = 0,
            Version = "TLSv1.3",
            CommonName = "Zoë",
            Cipher = "TLS_AES_128_GCM_SHA256",
            SignatureAlgorithm = "SHA256",
            KeyAlgorithm = "RSA2048",
        };
        var header = new ProxyHeader
        {
            Version = 2,
            Family = ProxyAddressFamily.Inet,
            Source = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1),
            Destination = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 2),
            Tlvs =
            [
                ProxyTlv.Alpn("h2"), ProxyTlv.Authority("blog.example"), ProxyTlv.UniqueId(new byte[128]),
                ProxyTlv.Ssl(ssl), ProxyTlv.Netns("blue"), ProxyTlv.Noop(3), new ProxyTlv(0xE0, new byte[] { 1, 2 }),
            ],
        };

        var parsed = ProxyHeaderParser.Parse(ProxyHeaderWriter.WriteV2(header, addCrc32C: true)).Header!;

        Assert.Equal("h2", parsed.Alpn);
        Assert.Equal("blog.example", parsed.Authority);
        Assert.Equal(128, parsed.UniqueId!.Value.Length);
        Assert.Equal("blue", parsed.Netns);
        Assert.Equal(ssl, parsed.Ssl);
        Assert.True(parsed.Ssl!.OverTls);
        Assert.True(parsed.Ssl.ClientCertificateVerified);
        Assert.Equal([1, 2], parsed.Find(0xE0)!.Value.Value.ToArray());
        Assert.Equal(ProxyTlvType.Crc32C, parsed.Tlvs[^1].Type);
    }

    [Fact]
    public void Parse_Crc32CMismatch_Malformed()
    {
        var bytes = ProxyHeaderWriter.WriteV2(new ProxyHeader { Version = 2, Tlvs = [ProxyTlv.Authority("a.example")] }, addCrc32C: true);
        bytes[^1] ^= 0x01;

        var result = ProxyHeaderParser.Parse(bytes);

        Assert.Equal(ProxyParseStatus.Malformed, result.Status);
        Assert.Contains("CRC32C", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Crc32CCoversTheAddresses()
    {
        var bytes = ProxyHeaderWriter.WriteV2(new ProxyHeader
        {
            Version = 2,
            Family = ProxyAddressFamily.Inet,
            Source = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1),
            Destination = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 2),
        }, addCrc32C: true);
        Assert.Equal(ProxyParseStatus.Done, ProxyHeaderParser.Parse(bytes).Status);

        bytes[19] = 7;

        Assert.Equal(ProxyParseStatus.Malformed, ProxyHeaderParser.Parse(bytes).Status);
    }

    /// <summary>
    /// What HAProxy 2.6 sent with <c>send-proxy-v2 proxy-v2-options crc32c,unique-id</c> for a curl from 127.0.0.2,
    /// captured on the wire: its checksum must verify, and one changed bit must not.
    /// </summary>
    [Fact]
    public void Parse_HaproxyCapture_ChecksumVerifiesAndTlvsRead()
    {
        var captured = Convert.FromHexString(
            "0d0a0d0a000d0a515549540a211100447f0000027f000001a36499f3030004e47df30e05002e37463030303030323a413336345f" +
            "37463030303030313a393946335f36423031413935365f303030303a34444535");

        var result = ProxyHeaderParser.Parse(captured);

        Assert.Equal(ProxyParseStatus.Done, result.Status);
        Assert.Equal(84, result.Length);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 41828), result.Header!.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 39411), result.Header.Destination);
        Assert.Equal("7F000002:A364_7F000001:99F3_6B01A956_0000:4DE5", Encoding.ASCII.GetString(result.Header.UniqueId!.Value.Span));
        captured[^1] ^= 0x01;
        Assert.Contains("CRC32C", ProxyHeaderParser.Parse(captured).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Crc32C_CheckValue_MatchesTheCatalogue() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Theory]
    [InlineData(0x11, 0x11, 0, "version nibble is 1")]
    [InlineData(0x22, 0x11, 0, "command is 0x2")]
    [InlineData(0x21, 0x41, 0, "address family is 0x4")]
    [InlineData(0x21, 0x13, 0, "transport is 0x3")]
    [InlineData(0x21, 0x11, 11, "fewer than the 12 of the Inet addresses")]
    [InlineData(0x21, 0x21, 12, "fewer than the 36 of the Inet6 addresses")]
    [InlineData(0x21, 0x31, 36, "fewer than the 216 of the Unix addresses")]
    public void Parse_BadFixedPart_MalformedWithTheReason(byte versionCommand, byte family, ushort length, string reason)
    {
        byte[] input = [.. Signature, versionCommand, family, .. BigEndian(length), .. new byte[length]];

        var result = ProxyHeaderParser.Parse(input);

        Assert.Equal(ProxyParseStatus.Malformed, result.Status);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x01 }, "cut off: 1 byte(s) left")]
    [InlineData(new byte[] { 0x01, 0x00 }, "cut off: 2 byte(s) left")]
    [InlineData(new byte[] { 0x01, 0x00, 0x05, (byte)'h', (byte)'2' }, "TLV 0x01 says its value has 5 byte(s) but only 2 remain")]
    [InlineData(new byte[] { 0x01, 0x00, 0x00 }, "ALPN TLV is empty")]
    [InlineData(new byte[] { 0x02, 0x00, 0x01, 0xFF }, "AUTHORITY TLV is not a non-empty UTF-8")]
    [InlineData(new byte[] { 0x03, 0x00, 0x02, 0x00, 0x00 }, "CRC32C TLV has 2 byte(s)")]
    [InlineData(new byte[] { 0x30, 0x00, 0x01, 0x80 }, "NETNS TLV is not a non-empty US-ASCII")]
    [InlineData(new byte[] { 0x20, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00 }, "SSL TLV has 4 byte(s)")]
    [InlineData(new byte[] { 0x20, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x00, 0x21, 0x00, 0x09 }, "in the SSL TLV, TLV 0x21 says its value has 9 byte(s) but only 0 remain")]
    [InlineData(new byte[] { 0x20, 0x00, 0x09, 0x01, 0x00, 0x00, 0x00, 0x00, 0x23, 0x00, 0x01, 0xC3 }, "SSL sub-TLV 0x23 is not US-ASCII")]
    public void Parse_BadTlv_MalformedWithTheReason(byte[] tlvs, string reason)
    {
        var result = ProxyHeaderParser.Parse(Inet(tlvs));

        Assert.Equal(ProxyParseStatus.Malformed, result.Status);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UniqueIdOver128Bytes_Malformed()
    {
        byte[] tlv = [0x05, 0x00, 129, .. new byte[129]];

        Assert.Contains("at most 128", ProxyHeaderParser.Parse(Inet(tlv)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LengthPromisesMoreThanArrived_NeedsMoreDataUntilItIsThere()
    {
        var full = Inet(0x04, 0x00, 0x02, 0x00, 0x00);

        for (var cut = 0; cut < full.Length; cut++)
        {
            Assert.Equal(ProxyParseStatus.NeedMoreData, ProxyHeaderParser.Parse(full.AsSpan(0, cut)).Status);
        }

        Assert.Equal(ProxyParseStatus.Done, ProxyHeaderParser.Parse(full).Status);
    }

    [Fact]
    public void Parse_LargestHeader_Accepted()
    {
        var header = new ProxyHeader { Version = 2, Tlvs = [new ProxyTlv(ProxyTlvType.Noop, new byte[ushort.MaxValue - 3])] };

        var result = ProxyHeaderParser.Parse(ProxyHeaderWriter.WriteV2(header));

        Assert.Equal(ProxyParseStatus.Done, result.Status);
        Assert.Equal(ProxyProtocolLimits.V2MaxLength, result.Length);
    }

    [Fact]
    public void Parse_SignatureAlmostRight_NotProxy()
    {
        byte[] input = [.. Signature[..11], 0x0B, 0x21, 0x11, 0, 0];

        Assert.Equal(ProxyParseStatus.NotProxy, ProxyHeaderParser.Parse(input).Status);
        Assert.Equal(ProxyParseStatus.NeedMoreData, ProxyHeaderParser.Parse(Signature.AsSpan(0, 7)).Status);
    }

    [Fact]
    public void WriteV2_UnixAbstractName_RoundTrips()
    {
        var header = new ProxyHeader { Version = 2, Family = ProxyAddressFamily.Unix, UnixSource = "@porch", UnixDestination = "/tmp/x" };

        var parsed = ProxyHeaderParser.Parse(ProxyHeaderWriter.WriteV2(header)).Header!;

        Assert.Equal("@porch", parsed.UnixSource);
        Assert.Equal("/tmp/x", parsed.UnixDestination);
        Assert.Equal(Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n"), ProxyHeaderWriter.WriteV1(header));
    }

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
