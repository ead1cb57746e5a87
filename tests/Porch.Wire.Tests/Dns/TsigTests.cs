using System.Text;
using Porch.Wire.Dns;

namespace Porch.Wire.Tests.Dns;

public class TsigTests
{
    private static readonly byte[] Secret = Convert.FromBase64String("c2VjcmV0LXNoYXJlZC1ieS1wb3JjaC1hbmQtYmluZDk=");

    /// <summary>
    /// Requests signed by BIND 9.18's dig (captured from a UDP socket):
    /// <c>dig -y hmac-sha256:porch-test.:SECRET _acme-challenge.Example.COM TXT</c> and
    /// <c>dig -y hmac-sha512:Porch-Test:SECRET example.org A</c>. Both carry an EDNS OPT record before the TSIG record.
    /// </summary>
    private const string DigSha256 =
        "09a7012000010000000000020f5f61636d652d6368616c6c656e6765074578616d706c6503434f4d000010000100002904d000000000000c000a00083ea3c852d92f6fbf0a706f7263682d746573740000fa00ff00000000003d0b686d61632d7368613235360000006b019fc0012c00207a2e43681f9e3e7746a1b8ea57944867fc6ce89ffaac3fc6b179c4fbe16a423709a700000000";

    private const string DigSha512 =
        "bec901200001000000000002076578616d706c65036f7267000001000100002904d000000000000c000a000859c5ab0e7db8fa070a706f7263682d746573740000fa00ff00000000005d0b686d61632d7368613531320000006b019fc1012c00401834f37b599063922dd9c37609c02b5c48553d5dbcfa8ee770ff7848f62218feba769c836a28862d924f1486d78a3da7f867a9a1bed93c2c05d25e9ec896a96cbec900000000";

    [Theory]
    [InlineData(DigSha256, "porch-test.", "hmac-sha256")]
    [InlineData(DigSha512, "Porch-Test", "hmac-sha512")]
    public void VerifyRequest_SignedByDig_IsValid(string hex, string keyName, string algorithmName)
    {
        Assert.True(TsigAlgorithms.TryParse(algorithmName, out var parsed));
        var algorithm = parsed.Value;
        var bytes = Convert.FromHexString(hex);
        var message = DnsMessageReader.Read(bytes).Message!;
        var key = new TsigKey(keyName, algorithm, Secret);
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(message.Tsig!.TimeSigned);

        Assert.Equal(TsigStatus.Valid, Tsig.VerifyRequest(bytes, message, key, signedAt.AddSeconds(299)));
        Assert.Single(message.Additional); // the OPT record; the TSIG record is taken out
        Assert.Equal(TsigAlgorithms.Name(algorithm), message.Tsig.Algorithm);
    }

    [Fact]
    public void VerifyRequest_SignedByDig_WrongSecretOrAlteredByteOrLateClock_IsRejected()
    {
        var bytes = Convert.FromHexString(DigSha256);
        var message = DnsMessageReader.Read(bytes).Message!;
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(message.Tsig!.TimeSigned);
        var key = new TsigKey("porch-test", TsigAlgorithm.HmacSha256, Secret);

        var otherSecret = key with { Secret = Encoding.ASCII.GetBytes("another secret") };
        Assert.Equal(TsigStatus.BadMac, Tsig.VerifyRequest(bytes, message, otherSecret, signedAt));

        var altered = (byte[])bytes.Clone();
        altered[20] ^= 0x20; // one letter of the question's name changes case
        Assert.Equal(TsigStatus.BadMac, Tsig.VerifyRequest(altered, DnsMessageReader.Read(altered).Message!, key, signedAt));

        Assert.Equal(TsigStatus.BadTime, Tsig.VerifyRequest(bytes, message, key, signedAt.AddSeconds(301)));
        Assert.Equal(TsigStatus.OtherKey, Tsig.VerifyRequest(bytes, message, key with { Name = "other-key" }, signedAt));
        Assert.Equal(TsigStatus.OtherKey, Tsig.VerifyRequest(bytes, message, key with { Algorithm = TsigAlgorithm.HmacSha512 }, signedAt));
    }

    [Fact]
    public void Sign_AppendsTheRecordOfRfc8945Section4_2()
    {
        var key = new TsigKey("Porch-Key.Example", TsigAlgorithm.HmacSha256, Secret);
        var query = DnsQuery.Encode(0xBEEF, "example.com", DnsType.SOA);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        var signed = Tsig.Sign(query, key, at);

        var message = DnsMessageReader.Read(signed.Message).Message!;
        Assert.Equal(1, message.Header.AdditionalCount);
        Assert.Equal(query.Length, message.TsigOffset);
        var tsig = message.Tsig!;
        Assert.Equal("porch-key.example", tsig.KeyName); // canonical (lowered) owner name
        Assert.Equal("hmac-sha256", tsig.Algorithm);
        Assert.Equal((1_700_000_000L, (ushort)300, (ushort)0xBEEF, DnsRcode.NoError), (tsig.TimeSigned, tsig.Fudge, tsig.OriginalId, tsig.Error));
        Assert.Equal(signed.Mac, tsig.Mac.ToArray());
        Assert.Equal(32, signed.Mac.Length);
        Assert.Equal(TsigStatus.Valid, Tsig.VerifyRequest(signed.Message, message, key, at));
    }

    [Fact]
    public void Verify_UnsignedBadKeyAnswer_IsRejectedByServer()
    {
        // §5.3.2: the server answers NOTAUTH with an empty TSIG record whose error is BADKEY.
        var key = new TsigKey("porch-key", TsigAlgorithm.HmacSha256, Secret);
        var signed = Tsig.Sign(new DnsUpdate("example.com", [], []).Encode(5), key, DateTimeOffset.UtcNow);
        var response = (byte[])signed.Message.Clone();
        response[2] |= 0x80;
        response[3] = (byte)DnsRcode.NotAuth;
        var tsigStart = DnsMessageReader.Read(signed.Message).Message!.TsigOffset;
        var algorithm = DnsName.ToWire("hmac-sha256");
        var rdata = new DnsMessageWriter().Bytes(algorithm).UInt48(0).UInt16(300).UInt16(0).UInt16(5).UInt16((ushort)DnsRcode.BadKey).UInt16(0).ToArray();
        var unsignedAnswer = response[..tsigStart].Concat(new DnsMessageWriter()
            .Bytes(DnsName.ToWire("porch-key")).UInt16((ushort)DnsType.TSIG).UInt16((ushort)DnsClass.ANY).UInt32(0).UInt16((ushort)rdata.Length).Bytes(rdata)
            .ToArray()).ToArray();

        var message = DnsMessageReader.Read(unsignedAnswer).Message!;

        Assert.Equal(DnsRcode.NotAuth, message.Rcode);
        Assert.Equal(DnsRcode.BadKey, message.Tsig!.Error);
        Assert.Equal(TsigStatus.RejectedByServer, Tsig.Verify(unsignedAnswer, message, key, signed.Mac, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Verify_NoTsigRecord_IsUnsigned()
    {
        var key = new TsigKey("porch-key", TsigAlgorithm.HmacSha256, Secret);
        var response = DnsQuery.Encode(1, "example.com", DnsType.A);

        Assert.Equal(TsigStatus.Unsigned, Tsig.Verify(response, DnsMessageReader.Read(response).Message!, key, new byte[32], DateTimeOffset.UtcNow));
    }
}
