using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Porch.Wire.Dns;

/// <summary>
/// Signs requests and verifies responses with TSIG (RFC 8945).
/// 1. Sign: MAC = HMAC(secret, message as it is without TSIG || TSIG variables) (§4.3.2, §4.3.3); the TSIG record is
///    appended and ARCOUNT incremented.
/// 2. Verify: MAC = HMAC(secret, request MAC size || request MAC || response without its TSIG record, ARCOUNT minus one
///    and the original ID || TSIG variables) (§4.3.1); the MAC is compared in constant time, then the time (§5.2.3).
/// </summary>
internal static class Tsig
{
    /// <summary>The usual fudge: five minutes of clock difference either way (RFC 8945 §10).</summary>
    public const ushort DefaultFudge = 300;

    public static TsigSigned Sign(ReadOnlySpan<byte> message, TsigKey key, DateTimeOffset now, ushort fudge = DefaultFudge)
    {
        if (message.Length < DnsHeader.Size)
        {
            throw new ArgumentException("a message is at least its 12-byte header", nameof(message));
        }

        var timeSigned = now.ToUnixTimeSeconds();
        var variables = Variables(key, timeSigned, fudge, DnsRcode.NoError, []);
        var mac = Mac(key, [], message, variables);

        var originalId = BinaryPrimitives.ReadUInt16BigEndian(message);
        var output = new DnsMessageWriter().Bytes(message);
        var algorithm = DnsName.ToCanonicalWire(TsigAlgorithms.Name(key.Algorithm));
        output.Bytes(DnsName.ToCanonicalWire(key.Name)).UInt16((ushort)DnsType.TSIG).UInt16((ushort)DnsClass.ANY).UInt32(0)
            .UInt16((ushort)(algorithm.Length + 16 + mac.Length))
            .Bytes(algorithm).UInt48(timeSigned).UInt16(fudge).UInt16((ushort)mac.Length).Bytes(mac)
            .UInt16(originalId).UInt16((ushort)DnsRcode.NoError).UInt16(0);
        var signed = output.ToArray();
        var additional = BinaryPrimitives.ReadUInt16BigEndian(signed.AsSpan(10));
        BinaryPrimitives.WriteUInt16BigEndian(signed.AsSpan(10), checked((ushort)(additional + 1)));
        return new TsigSigned(signed, mac, timeSigned);
    }

    /// <summary>
    /// Checks the TSIG record of <paramref name="parsed"/> (decoded from <paramref name="response"/>) against our key and
    /// the MAC of the request it answers.
    /// </summary>
    public static TsigStatus Verify(ReadOnlySpan<byte> response, DnsMessage parsed, TsigKey key, ReadOnlySpan<byte> requestMac, DateTimeOffset now)
    {
        var prefix = new byte[2 + requestMac.Length];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)requestMac.Length);
        requestMac.CopyTo(prefix.AsSpan(2));
        return VerifyCore(response, parsed, key, prefix, now);
    }

    /// <summary>Checks a signed request, as a server does (§5.2): the MAC covers the message alone.</summary>
    public static TsigStatus VerifyRequest(ReadOnlySpan<byte> request, DnsMessage parsed, TsigKey key, DateTimeOffset now) =>
        VerifyCore(request, parsed, key, [], now);

    private static TsigStatus VerifyCore(ReadOnlySpan<byte> response, DnsMessage parsed, TsigKey key, ReadOnlySpan<byte> prefix, DateTimeOffset now)
    {
        if (parsed.Tsig is not { } tsig)
        {
            return TsigStatus.Unsigned;
        }

        // §5.3.2: BADKEY and BADSIG answers are unsigned, carrying the error in an empty TSIG record; BADTIME is signed.
        if (tsig.Error is DnsRcode.BadKey or DnsRcode.BadSig || (tsig.Error != DnsRcode.NoError && tsig.Mac.IsEmpty))
        {
            return TsigStatus.RejectedByServer;
        }

        if (!DnsName.Equal(tsig.KeyName, key.Name) || !TsigAlgorithms.TryParse(tsig.Algorithm, out var algorithm) || algorithm != key.Algorithm)
        {
            return TsigStatus.OtherKey;
        }

        // The MAC covers the message as it was before the TSIG record was added: original ID, one additional record less.
        var unsigned = response[..parsed.TsigOffset].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(unsigned, tsig.OriginalId);
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(parsed.Header.AdditionalCount - 1));
        var expected = Mac(key, prefix, unsigned, Variables(key, tsig.TimeSigned, tsig.Fudge, tsig.Error, tsig.OtherData.Span));

        // §5.2.2.1 allows truncated MACs only when agreed; Porch never asks for them, so only a full-length MAC is valid.
        if (!CryptographicOperations.FixedTimeEquals(expected, tsig.Mac.Span))
        {
            return TsigStatus.BadMac;
        }

        if (tsig.Error != DnsRcode.NoError)
        {
            return TsigStatus.RejectedByServer;
        }

        return Math.Abs(now.ToUnixTimeSeconds() - tsig.TimeSigned) > tsig.Fudge ? TsigStatus.BadTime : TsigStatus.Valid;
    }

    /// <summary>The TSIG variables of §4.3.3: key name and algorithm in canonical form, class ANY, TTL 0, time, fudge,
    /// error and other data.</summary>
    private static byte[] Variables(TsigKey key, long timeSigned, ushort fudge, DnsRcode error, ReadOnlySpan<byte> other) =>
        new DnsMessageWriter()
            .Bytes(DnsName.ToCanonicalWire(key.Name)).UInt16((ushort)DnsClass.ANY).UInt32(0)
            .Bytes(DnsName.ToCanonicalWire(TsigAlgorithms.Name(key.Algorithm))).UInt48(timeSigned).UInt16(fudge)
            .UInt16((ushort)error).UInt16((ushort)other.Length).Bytes(other)
            .ToArray();

    private static byte[] Mac(TsigKey key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> message, ReadOnlySpan<byte> variables)
    {
        using var hmac = IncrementalHash.CreateHMAC(TsigAlgorithms.Hash(key.Algorithm), key.Secret.Span);
        hmac.AppendData(prefix);
        hmac.AppendData(message);
        hmac.AppendData(variables);
        return hmac.GetHashAndReset();
    }
}
