using System.Net;
using System.Text;
using Porch.Wire.Dns;

namespace Porch.Wire.Tests.Dns;

public class DnsMessageTests
{
    [Fact]
    public void Update_EncodeThenRead_KeepsEverySectionAndTheUpdateMeaning()
    {
        var txt = DnsRecordData.Txt("token-value");
        var update = new DnsUpdate(
            "example.com",
            [DnsUpdateRecords.RRsetDoesNotExist("_acme-challenge.example.com", DnsType.CNAME)],
            [
                DnsUpdateRecords.DeleteRRset("_acme-challenge.example.com", DnsType.TXT),
                DnsUpdateRecords.Add("_acme-challenge.example.com", DnsType.TXT, 60, txt),
                DnsUpdateRecords.DeleteRecord("home.example.com", DnsType.A, DnsRecordData.Address(IPAddress.Parse("192.0.2.7"))),
            ]);

        var read = DnsMessageReader.Read(update.Encode(0x1234));

        Assert.True(read.Ok, read.Error);
        var message = read.Message!;
        Assert.Equal(0x1234, message.Header.Id);
        Assert.Equal(DnsOpcode.Update, message.Header.Opcode);
        Assert.False(message.Header.IsResponse);
        Assert.Equal([new DnsQuestion("example.com", DnsType.SOA, DnsClass.IN)], message.Questions);
        Assert.True(message.Answers.Single().SameAs(new DnsRecord("_acme-challenge.example.com", DnsType.CNAME, DnsClass.NONE, 0, Array.Empty<byte>())));
        Assert.Equal(3, message.Authority.Count);
        Assert.Equal((DnsClass.ANY, 0u, 0), (message.Authority[0].Class, message.Authority[0].Ttl, message.Authority[0].Data.Length));
        Assert.Equal((DnsClass.IN, 60u, "token-value"), (message.Authority[1].Class, message.Authority[1].Ttl, DnsRecordData.ReadTxt(message.Authority[1].Data.Span)));
        Assert.Equal(DnsClass.NONE, message.Authority[2].Class);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), DnsRecordData.ReadAddress(message.Authority[2]));
        Assert.Empty(message.Additional);
        Assert.Null(message.Tsig);
    }

    [Fact]
    public void Update_HeaderBytes_AreOpcode5AndTheFourCounts()
    {
        var bytes = new DnsUpdate("example.com", [], [DnsUpdateRecords.DeleteName("old.example.com")]).Encode(7);

        // ID 7; flags: QR=0, OPCODE=5 in bits 11-14 -> 0x2800; ZOCOUNT 1, PRCOUNT 0, UPCOUNT 1, ADCOUNT 0 (RFC 2136 §2.2).
        Assert.Equal(new byte[] { 0, 7, 0x28, 0, 0, 1, 0, 0, 0, 1, 0, 0 }, bytes[..12]);
    }

    [Fact]
    public void Txt_LongerThan255Bytes_IsSplitIntoCharacterStringsAndJoinedBack()
    {
        var text = new string('x', 600);

        var data = DnsRecordData.Txt(text);

        Assert.Equal(600 + 3, data.Length);
        Assert.Equal(255, data[0]);
        Assert.Equal(255, data[256]);
        Assert.Equal(90, data[512]);
        Assert.Equal(text, DnsRecordData.ReadTxt(data));
    }

    [Fact]
    public void ReadTxt_LengthPastTheEnd_IsNull()
    {
        Assert.Null(DnsRecordData.ReadTxt([5, (byte)'a']));
        Assert.Equal("", DnsRecordData.ReadTxt([0]));
    }

    [Theory]
    [InlineData(0, "NoError")]
    [InlineData(5, "Refused")]
    [InlineData(9, "NotAuth")]
    [InlineData(10, "NotZone")]
    [InlineData(7, "YXRRSet")]
    public void Response_Rcode_IsReadFromTheHeader(int code, string name)
    {
        var rcode = Enum.Parse<DnsRcode>(name);
        Assert.Equal(code, (int)rcode);
        var header = new DnsHeader(9, IsResponse: true, DnsOpcode.Update, false, false, false, false, (byte)rcode, 0, 0, 0, 0);
        var bytes = DnsMessageWriter.Encode(header, [new DnsQuestion("example.com", DnsType.SOA)], [], [], []);

        var message = DnsMessageReader.Read(bytes).Message!;

        Assert.Equal(rcode, message.Rcode);
        Assert.True(message.Header.IsResponse);
    }

    [Fact]
    public void Response_WithCompressedAnswerNames_IsRead()
    {
        // A query for example.com TXT answered with a pointer back to the question's name (offset 12).
        var query = DnsQuery.Encode(1, "example.com", DnsType.TXT);
        var data = DnsRecordData.Txt("hello");
        byte[] answer = [0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, (byte)data.Length, .. data];
        var response = query.Concat(answer).ToArray();
        response[2] = 0x84; // QR, AA
        response[7] = 1; // ANCOUNT

        var message = DnsMessageReader.Read(response).Message!;

        var record = Assert.Single(message.Answers);
        Assert.Equal("example.com", record.Name);
        Assert.Equal("hello", DnsRecordData.ReadTxt(record.Data.Span));
    }

    [Fact]
    public void Read_TsigNotLast_IsAnError()
    {
        var key = new TsigKey("k", TsigAlgorithm.HmacSha256, Encoding.ASCII.GetBytes("secret"));
        var signed = Tsig.Sign(DnsQuery.Encode(1, "example.com", DnsType.A), key, DateTimeOffset.UnixEpoch);
        var extra = signed.Message.Concat(new byte[] { 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0 }).ToArray();
        extra[11] = 2; // ARCOUNT: the TSIG record, then one more

        Assert.Contains("TSIG record is not the last", DnsMessageReader.Read(extra).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0], "shorter than the 12-byte header")]
    [InlineData(new byte[] { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'c', (byte)'o' }, "past the end")]
    [InlineData(new byte[] { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, "cut short")]
    [InlineData(new byte[] { 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 16, 0, 1, 0, 0, 0, 0, 0, 9, 1 }, "data length 9")]
    public void Read_Truncated_SaysWhere(byte[] bytes, string problem)
    {
        var read = DnsMessageReader.Read(bytes);

        Assert.False(read.Ok);
        Assert.Contains(problem, read.Error, StringComparison.Ordinal);
    }
}
