using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Porch.Wire.ProxyProtocol;

namespace Porch.Wire.Tests.ProxyProtocol;

/// <summary>Generators of valid PROXY headers for the property tests.</summary>
internal static class ProxyHeaderGen
{
    public static readonly Gen<byte[]> Bytes = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    public static readonly Gen<string> Ascii = Gen.Choose(1, 24)
        .SelectMany(n => Gen.ArrayOf(Gen.Choose(0x21, 0x7E).Select(c => (char)c), n))
        .Select(chars => new string(chars));

    public static readonly Gen<IPAddress> V4 = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 4).Select(b => new IPAddress(b));

    public static readonly Gen<IPAddress> V6 = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16).Select(b => new IPAddress(b));

    public static readonly Gen<int> Port = Gen.Choose(0, 65535);

    public static readonly Gen<ProxySslInfo> Ssl =
        from client in Gen.Choose(0, 7)
        from verify in Gen.Elements(0u, 1u, 0xFFFFFFFFu)
        from version in Optional(Gen.Elements("TLSv1.2", "TLSv1.3"))
        from name in Optional(Gen.Elements("Zoë", "client.example", "x"))
        from cipher in Optional(Ascii)
        from signature in Optional(Ascii)
        from key in Optional(Ascii)
        select new ProxySslInfo
        {
            Client = (byte)client,
            Verify = verify,
            Version = version,
            CommonName = name,
            Cipher = cipher,
            SignatureAlgorithm = signature,
            KeyAlgorithm = key,
        };

    public static readonly Gen<ProxyTlv> Tlv = Gen.OneOf(
        Ascii.Select(ProxyTlv.Alpn),
        Gen.Elements("blog.example", "xn--bcher-kva.example", "bücher.example").Select(ProxyTlv.Authority),
        Gen.Choose(0, 128).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => ProxyTlv.UniqueId(b)),
        Ascii.Select(ProxyTlv.Netns),
        Gen.Choose(0, 16).Select(ProxyTlv.Noop),
        Ssl.Select(ProxyTlv.Ssl),
        from type in Gen.Choose(0xE0, 0xEF)
        from value in Bytes
        select new ProxyTlv((byte)type, value));

    public static readonly Gen<ProxyHeader> V2 =
        from command in Gen.Elements(ProxyCommand.Local, ProxyCommand.Proxy)
        from family in Gen.Elements(ProxyAddressFamily.Unspecified, ProxyAddressFamily.Inet, ProxyAddressFamily.Inet6, ProxyAddressFamily.Unix)
        from transport in Gen.Elements(ProxyTransport.Unspecified, ProxyTransport.Stream, ProxyTransport.Datagram)
        from addresses in family == ProxyAddressFamily.Inet6 ? Gen.ArrayOf(V6, 2) : Gen.ArrayOf(V4, 2)
        from ports in Gen.ArrayOf(Port, 2)
        from paths in Gen.ArrayOf(Gen.Elements("/run/a.sock", "@abstract", "", "/tmp/ü"), 2)
        from count in Gen.Choose(0, 6)
        from tlvs in Gen.ArrayOf(Tlv, count)
        let inet = family is ProxyAddressFamily.Inet or ProxyAddressFamily.Inet6
        let unix = family == ProxyAddressFamily.Unix
        select new ProxyHeader
        {
            Version = 2,
            Command = command,
            Family = family,
            Transport = transport,
            Source = inet ? new IPEndPoint(addresses[0], ports[0]) : null,
            Destination = inet ? new IPEndPoint(addresses[1], ports[1]) : null,
            UnixSource = unix ? paths[0] : null,
            UnixDestination = unix ? paths[1] : null,
            Tlvs = tlvs,
        };

    public static readonly Gen<ProxyHeader> V1 =
        from v6 in Gen.Elements(false, true)
        from addresses in Gen.ArrayOf(v6 ? V6 : V4, 2)
        from ports in Gen.ArrayOf(Port, 2)
        from unknown in Gen.Elements(false, false, false, true)
        select unknown
            ? new ProxyHeader { Version = 1 }
            : new ProxyHeader
            {
                Version = 1,
                Family = v6 ? ProxyAddressFamily.Inet6 : ProxyAddressFamily.Inet,
                Source = new IPEndPoint(addresses[0], ports[0]),
                Destination = new IPEndPoint(addresses[1], ports[1]),
            };

    /// <summary>A valid header's bytes, v1 or v2 (v2 with a CRC32C TLV half the time).</summary>
    public static readonly Gen<byte[]> AnyHeaderBytes = Gen.OneOf(
        V1.Select(ProxyHeaderWriter.WriteV1),
        from header in V2
        from crc in Gen.Elements(false, true)
        select ProxyHeaderWriter.WriteV2(header, crc));

    private static Gen<string?> Optional(Gen<string> gen) => Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));
}
