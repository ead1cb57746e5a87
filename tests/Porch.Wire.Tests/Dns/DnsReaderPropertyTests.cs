using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Porch.Wire.Dns;

namespace Porch.Wire.Tests.Dns;

/// <summary>
/// The decoder faces bytes from the network: whatever arrives, it returns a message or an error, never throws, and
/// finishes quickly (each case is timed, so a pointer loop or a quadratic walk would show).
/// </summary>
public class DnsReaderPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(2000);

    private static readonly TsigKey Key = new("porch-key", TsigAlgorithm.HmacSha256, new byte[32]);

    private static readonly Gen<string> Label =
        Gen.Elements("a", "b", "xn--bcher-kva", "_acme-challenge", "WWW", "a\\.b", "\\000", new string('z', 63));

    private static readonly Gen<string> Name =
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Label, n)).Select(labels => labels.Length == 0 ? "." : string.Join('.', labels))
            .Where(name => DnsName.Validate(name) is null);

    private static readonly Gen<DnsRecord> Record =
        from name in Name
        from kind in Gen.Choose(0, 5)
        from text in ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")
        from ttl in Gen.Choose(0, 86400)
        select kind switch
        {
            0 => DnsUpdateRecords.Add(name, DnsType.TXT, (uint)ttl, DnsRecordData.Txt(text)),
            1 => DnsUpdateRecords.DeleteRRset(name, DnsType.TXT),
            2 => DnsUpdateRecords.DeleteRecord(name, DnsType.AAAA, new byte[16]),
            3 => DnsUpdateRecords.NameNotInUse(name),
            4 => DnsUpdateRecords.RRsetHasValue(name, DnsType.A, new byte[] { 127, 0, 0, (byte)ttl }),
            _ => DnsUpdateRecords.DeleteName(name),
        };

    private static readonly Gen<DnsUpdate> Update =
        from zone in Name
        from prerequisites in Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(Record, n))
        from updates in Gen.Choose(0, 6).SelectMany(n => Gen.ListOf(Record, n))
        select new DnsUpdate(zone, prerequisites, updates);

    private static readonly Gen<byte[]> SignedUpdate =
        from update in Update
        from id in Gen.Choose(0, ushort.MaxValue)
        select Tsig.Sign(update.Encode((ushort)id), Key, DateTimeOffset.UnixEpoch).Message;

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<byte[]>()), bytes => ReadsQuickly(bytes)).Check(Runs);
    }

    [Fact]
    public void Read_EveryTruncationOfASignedUpdate_IsAnErrorNotACrash()
    {
        Prop.ForAll(Arb.From(SignedUpdate), message =>
            Enumerable.Range(0, message.Length).All(length => ReadsQuickly(message[..length]) is { Ok: false })).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Read_SignedUpdateWithBytesOverwritten_NeverThrows()
    {
        var mutated =
            from message in SignedUpdate
            from changes in Gen.ListOf(Gen.Zip(Gen.Choose(0, 10_000), Gen.Choose(0, 255)), 4)
            select Mutate(message, changes);

        Prop.ForAll(Arb.From(mutated), bytes =>
        {
            var read = ReadsQuickly(bytes);
            if (read.Message is { Tsig: not null } message)
            {
                _ = Tsig.Verify(bytes, message, Key, new byte[32], DateTimeOffset.UnixEpoch);
            }

            return true;
        }).Check(Runs);
    }

    [Fact]
    public void Update_EncodeThenRead_RoundTrips()
    {
        Prop.ForAll(Arb.From(Update), update =>
        {
            var read = DnsMessageReader.Read(update.Encode(42));
            return read.Ok
                && DnsName.Equal(read.Message!.Questions.Single().Name, update.Zone)
                && Same(read.Message.Answers, update.Prerequisites)
                && Same(read.Message.Authority, update.Updates);
        }).Check(Runs);
    }

    [Fact]
    public void SignedUpdate_VerifiesAndAnyFlippedBitBreaksIt()
    {
        // Every bit the MAC covers as sent: the message before the TSIG record except its ID (the MAC covers the
        // original ID kept in the TSIG record, so that a forwarder may change the header's, RFC 8945 §4.3.2), and the TSIG fields after the
        // algorithm name (time, fudge, MAC, original ID, error, other length). The key and algorithm names are signed
        // in canonical form (RFC 8945 §4.3.3), so a change of their letters' case is meant to keep the MAC valid.
        const int FixedTsigTail = 6 + 2 + 2 + 32 + 2 + 2 + 2;
        var cases =
            from message in SignedUpdate
            from pick in Gen.Choose(0, 100_000)
            let tsigOffset = DnsMessageReader.Read(message).Message!.TsigOffset
            let coveredBits = (tsigOffset - 2 + FixedTsigTail) * 8
            let bit = 16 + (pick % coveredBits)
            select (message, bit < tsigOffset * 8 ? bit : bit - (tsigOffset * 8) + ((message.Length - FixedTsigTail) * 8));

        Prop.ForAll(Arb.From(cases), c =>
        {
            var valid = Tsig.VerifyRequest(c.message, DnsMessageReader.Read(c.message).Message!, Key, DateTimeOffset.UnixEpoch) == TsigStatus.Valid;
            var flipped = (byte[])c.message.Clone();
            flipped[c.Item2 / 8] ^= (byte)(1 << (c.Item2 % 8));
            var read = DnsMessageReader.Read(flipped);
            var stillValid = read.Message is { } m && Tsig.VerifyRequest(flipped, m, Key, DateTimeOffset.UnixEpoch) == TsigStatus.Valid;
            return valid && !stillValid;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    private static bool Same(IReadOnlyList<DnsRecord> read, IReadOnlyList<DnsRecord> written) =>
        read.Count == written.Count && read.Zip(written).All(p => p.First.SameAs(p.Second) && p.First.Ttl == p.Second.Ttl);

    private static byte[] Mutate(byte[] message, IEnumerable<(int At, int Value)> changes)
    {
        var copy = (byte[])message.Clone();
        foreach (var (at, value) in changes)
        {
            copy[at % copy.Length] = (byte)value;
        }

        return copy;
    }

    private static DnsReadResult ReadsQuickly(byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        var read = DnsMessageReader.Read(bytes);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"reading {bytes.Length} bytes took {clock.Elapsed}");
        Assert.True(read.Ok ^ read.Error.Length > 0);
        return read;
    }
}
