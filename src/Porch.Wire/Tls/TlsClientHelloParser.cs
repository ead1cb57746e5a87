using System.Buffers.Binary;
using System.Text;

namespace Porch.Wire.Tls;

/// <summary>
/// Reads the first flight of a TLS client far enough to learn its server name and ALPN protocols, without consuming
/// anything: the bytes still go to the real handshake afterwards.
/// <list type="number">
/// <item>Records (RFC 8446 §5.1): content type 22 (handshake), a 3.x record version, a non-empty fragment of at most
/// 2^14 bytes. A ClientHello may span several records; their fragments are joined.</item>
/// <item>Handshake header (RFC 8446 §4): type 1 (client_hello) and a 24-bit length, bounded by
/// <see cref="TlsClientHelloLimits.MaxHandshakeLength"/>.</item>
/// <item>ClientHello body (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2): version, random, session id, cipher suites,
/// compression methods, then extensions, which must fill the rest of the message exactly.</item>
/// <item>Extensions: server_name (RFC 6066 §3) and application_layer_protocol_negotiation (RFC 7301 §3.1) are read;
/// the others are skipped. A repeated extension is invalid (RFC 8446 §4.2).</item>
/// </list>
/// </summary>
internal static class TlsClientHelloParser
{
    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;
    private const int HandshakeHeaderLength = 4;
    private const ushort ServerNameExtension = 0;
    private const ushort AlpnExtension = 16;
    private const byte HostNameType = 0;
    private const int MaxHostNameLength = 253;

    public static TlsClientHelloStatus TryParse(ReadOnlySpan<byte> input, out TlsClientHello? hello)
    {
        hello = null;
        if (input.IsEmpty)
        {
            return TlsClientHelloStatus.Incomplete;
        }

        if (input[0] != HandshakeRecord)
        {
            return TlsClientHelloStatus.NotTls;
        }

        var status = Reassemble(input, out var message);
        if (status != TlsClientHelloStatus.Complete)
        {
            return status;
        }

        return ParseBody(message.AsSpan(HandshakeHeaderLength), out hello)
            ? TlsClientHelloStatus.Complete
            : TlsClientHelloStatus.Invalid;
    }

    /// <summary>Joins the handshake fragments of consecutive records until the whole ClientHello is there.</summary>
    private static TlsClientHelloStatus Reassemble(ReadOnlySpan<byte> input, out ArraySegment<byte> message)
    {
        message = default;
        byte[]? joined = null;
        var have = 0;
        var needed = -1;
        var offset = 0;
        while (true)
        {
            if (input.Length - offset < TlsClientHelloLimits.RecordHeaderLength)
            {
                return TlsClientHelloStatus.Incomplete;
            }

            var header = input.Slice(offset, TlsClientHelloLimits.RecordHeaderLength);
            var length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
            if (header[0] != HandshakeRecord || header[1] != 3 || length == 0 || length > TlsClientHelloLimits.MaxRecordLength)
            {
                return TlsClientHelloStatus.Invalid;
            }

            offset += TlsClientHelloLimits.RecordHeaderLength;
            var available = Math.Min(length, input.Length - offset);
            var fragment = input.Slice(offset, available);
            if (needed < 0)
            {
                // The handshake header is in the first fragment unless that fragment is tiny; join until it is known.
                joined ??= new byte[HandshakeHeaderLength];
                var take = Math.Min(HandshakeHeaderLength - have, fragment.Length);
                fragment[..take].CopyTo(joined.AsSpan(have));
                have += take;
                fragment = fragment[take..];
                if (have == HandshakeHeaderLength)
                {
                    if (joined[0] != ClientHelloType)
                    {
                        return TlsClientHelloStatus.Invalid;
                    }

                    needed = (joined[1] << 16) | (joined[2] << 8) | joined[3];
                    if (needed > TlsClientHelloLimits.MaxHandshakeLength)
                    {
                        return TlsClientHelloStatus.Invalid;
                    }

                    var whole = new byte[HandshakeHeaderLength + needed];
                    joined.CopyTo(whole, 0);
                    joined = whole;
                }
            }

            if (needed >= 0)
            {
                var take = Math.Min(joined!.Length - have, fragment.Length);
                fragment[..take].CopyTo(joined.AsSpan(have));
                have += take;
                if (have == joined.Length)
                {
                    message = joined;
                    return TlsClientHelloStatus.Complete;
                }
            }

            if (available < length)
            {
                return TlsClientHelloStatus.Incomplete;
            }

            offset += length;
        }
    }

    private static bool ParseBody(ReadOnlySpan<byte> body, out TlsClientHello? hello)
    {
        hello = null;
        var reader = new TlsReader(body);
        if (!reader.Skip(2 + 32)
            || !reader.TryReadVector8(out var sessionId) || sessionId.Length > 32
            || !reader.TryReadVector16(out var suites) || suites.Length < 2 || suites.Length % 2 != 0
            || !reader.TryReadVector8(out var compression) || compression.IsEmpty)
        {
            return false;
        }

        string? serverName = null;
        IReadOnlyList<string> protocols = [];
        if (reader.IsEmpty)
        {
            // RFC 5246 §7.4.1.2: a TLS 1.2 ClientHello may end without an extensions block.
            hello = new TlsClientHello(null, protocols);
            return true;
        }

        if (!reader.TryReadVector16(out var extensions) || !reader.IsEmpty)
        {
            return false;
        }

        var list = new TlsReader(extensions);
        var seenServerName = false;
        var seenAlpn = false;
        while (!list.IsEmpty)
        {
            if (!list.TryReadUInt16(out var type) || !list.TryReadVector16(out var data))
            {
                return false;
            }

            if (type == ServerNameExtension)
            {
                if (seenServerName || !TryReadServerName(data, out serverName))
                {
                    return false;
                }

                seenServerName = true;
            }
            else if (type == AlpnExtension)
            {
                if (seenAlpn || !TryReadProtocols(data, out protocols))
                {
                    return false;
                }

                seenAlpn = true;
            }
        }

        hello = new TlsClientHello(serverName, protocols);
        return true;
    }

    /// <summary>RFC 6066 §3: a ServerNameList with at most one host_name, an ASCII DNS name without a trailing dot.</summary>
    private static bool TryReadServerName(ReadOnlySpan<byte> data, out string? serverName)
    {
        serverName = null;
        var outer = new TlsReader(data);
        if (!outer.TryReadVector16(out var names) || !outer.IsEmpty || names.IsEmpty)
        {
            return false;
        }

        var reader = new TlsReader(names);
        while (!reader.IsEmpty)
        {
            if (!reader.TryReadByte(out var nameType) || !reader.TryReadVector16(out var name))
            {
                return false;
            }

            if (nameType != HostNameType)
            {
                continue;
            }

            if (serverName is not null || !IsHostName(name))
            {
                return false;
            }

            serverName = Encoding.ASCII.GetString(name).ToLowerInvariant();
        }

        return true;
    }

    /// <summary>RFC 7301 §3.1: a non-empty ProtocolNameList of non-empty names.</summary>
    private static bool TryReadProtocols(ReadOnlySpan<byte> data, out IReadOnlyList<string> protocols)
    {
        protocols = [];
        var outer = new TlsReader(data);
        if (!outer.TryReadVector16(out var names) || !outer.IsEmpty || names.IsEmpty)
        {
            return false;
        }

        var list = new List<string>();
        var reader = new TlsReader(names);
        while (!reader.IsEmpty)
        {
            if (!reader.TryReadVector8(out var name) || name.IsEmpty || list.Count == TlsClientHelloLimits.MaxProtocols)
            {
                return false;
            }

            // Protocol names are opaque octets; Latin-1 maps each to one char so nothing is lost or replaced.
            list.Add(Encoding.Latin1.GetString(name));
        }

        protocols = list;
        return true;
    }

    private static bool IsHostName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > MaxHostNameLength || name[0] == '.' || name[^1] == '.')
        {
            return false;
        }

        foreach (var b in name)
        {
            var ok = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
