using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// The PP2_TYPE_SSL field: how the client talked TLS to the proxy. The value is one byte of client flags, a 4-byte
/// verify result (0 = a client certificate was presented and verified), then sub-TLVs (proxy-protocol.txt §2.2.5).
/// </summary>
internal sealed record ProxySslInfo
{
    /// <summary>PP2_CLIENT_SSL: the client connected over TLS.</summary>
    public const byte ClientSsl = 0x01;

    /// <summary>PP2_CLIENT_CERT_CONN: the client presented a certificate on this connection.</summary>
    public const byte ClientCertConnection = 0x02;

    /// <summary>PP2_CLIENT_CERT_SESS: the client presented a certificate at least once in this TLS session.</summary>
    public const byte ClientCertSession = 0x04;

    private const int FixedLength = 5;

    public byte Client { get; init; }

    public uint Verify { get; init; } = 1;

    /// <summary>e.g. <c>TLSv1.3</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The client certificate's subject CN, UTF-8.</summary>
    public string? CommonName { get; init; }

    public string? Cipher { get; init; }

    public string? SignatureAlgorithm { get; init; }

    public string? KeyAlgorithm { get; init; }

    /// <summary>Sub-TLVs of other types, kept raw.</summary>
    public IReadOnlyList<ProxyTlv> Others { get; init; } = [];

    public bool OverTls => (Client & ClientSsl) != 0;

    public bool ClientCertificateVerified => (Client & (ClientCertConnection | ClientCertSession)) != 0 && Verify == 0;

    /// <summary>Decodes a PP2_TYPE_SSL value; null with a reason when it is too short or a sub-TLV is bad.</summary>
    public static ProxySslInfo? Decode(ReadOnlySpan<byte> value, ReadOnlyMemory<byte> memory, out string? error)
    {
        error = null;
        if (value.Length < FixedLength)
        {
            error = $"the SSL TLV has {value.Length} byte(s); it needs at least {FixedLength} (client flags and verify)";
            return null;
        }

        var info = new ProxySslInfo { Client = value[0], Verify = BinaryPrimitives.ReadUInt32BigEndian(value[1..]) };
        List<ProxyTlv>? others = null;
        var offset = FixedLength;
        while (offset < value.Length)
        {
            if (!ProxyTlvReader.TryRead(value, ref offset, out var type, out var start, out var length, out error))
            {
                error = "in the SSL TLV, " + error;
                return null;
            }

            var sub = value.Slice(start, length);
            var isText = type == ProxyTlvType.SslCommonName ? Utf8.IsValid(sub) : Ascii.IsValid(sub);
            if (type is >= ProxyTlvType.SslVersion and <= ProxyTlvType.SslKeyAlgorithm && !isText)
            {
                error = $"the SSL sub-TLV 0x{type:X2} is not {(type == ProxyTlvType.SslCommonName ? "UTF-8" : "US-ASCII")} text";
                return null;
            }

            info = type switch
            {
                ProxyTlvType.SslVersion => info with { Version = Encoding.ASCII.GetString(sub) },
                ProxyTlvType.SslCommonName => info with { CommonName = Encoding.UTF8.GetString(sub) },
                ProxyTlvType.SslCipher => info with { Cipher = Encoding.ASCII.GetString(sub) },
                ProxyTlvType.SslSignatureAlgorithm => info with { SignatureAlgorithm = Encoding.ASCII.GetString(sub) },
                ProxyTlvType.SslKeyAlgorithm => info with { KeyAlgorithm = Encoding.ASCII.GetString(sub) },
                _ => info,
            };
            if (type is < ProxyTlvType.SslVersion or > ProxyTlvType.SslKeyAlgorithm)
            {
                (others ??= []).Add(new ProxyTlv(type, memory.Slice(start, length)));
            }
        }

        return others is null ? info : info with { Others = others };
    }

    /// <summary>The PP2_TYPE_SSL value for this record: flags, verify, then the sub-TLVs that are set.</summary>
    public byte[] Encode()
    {
        var subs = new List<ProxyTlv>();
        AddText(subs, ProxyTlvType.SslVersion, Version, Encoding.ASCII);
        AddText(subs, ProxyTlvType.SslCommonName, CommonName, Encoding.UTF8);
        AddText(subs, ProxyTlvType.SslCipher, Cipher, Encoding.ASCII);
        AddText(subs, ProxyTlvType.SslSignatureAlgorithm, SignatureAlgorithm, Encoding.ASCII);
        AddText(subs, ProxyTlvType.SslKeyAlgorithm, KeyAlgorithm, Encoding.ASCII);
        subs.AddRange(Others);
        var value = new byte[FixedLength + ProxyTlvReader.EncodedLength(subs)];
        value[0] = Client;
        BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(1), Verify);
        ProxyTlvReader.Write(subs, value.AsSpan(FixedLength));
        return value;
    }

    private static void AddText(List<ProxyTlv> subs, byte type, string? text, Encoding encoding)
    {
        if (text is not null)
        {
            subs.Add(new ProxyTlv(type, encoding.GetBytes(text)));
        }
    }
}
