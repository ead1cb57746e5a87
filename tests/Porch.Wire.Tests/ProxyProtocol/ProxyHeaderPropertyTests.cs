using FsCheck;
using FsCheck.Fluent;
using Porch.Wire.ProxyProtocol;

namespace Porch.Wire.Tests.ProxyProtocol;

/// <summary>
/// Fuzzing the PROXY parser: whatever a peer sends (random bytes, truncated or oversized headers, lengths that lie,
/// wrong families, bad TLVs), it answers without throwing, never claims more bytes than it was given, and reads back
/// every header the writer makes.
/// </summary>
public class ProxyHeaderPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000);

    [Fact]
    public void Parse_AnyBytes_NeverThrowsAndStaysInBounds()
    {
        var prefixes = Gen.Elements<byte[]>([], "PROXY "u8.ToArray(), "PROXY TCP4 "u8.ToArray(), [.. ProxyProtocolLimits.V2Signature], [.. ProxyProtocolLimits.V2Signature, 0x21]);
        var inputs = from prefix in prefixes
                     from size in Gen.Choose(0, 300)
                     from rest in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), size)
                     select (byte[])[.. prefix, .. rest];
        Prop.ForAll(inputs.ToArbitrary(), Consistent).Check(Quick);
    }

    [Fact]
    public void Parse_WrittenHeader_RoundTrips()
    {
        var cases = from header in ProxyHeaderGen.V2
                    from crc in Gen.Elements(false, true)
                    from payload in ProxyHeaderGen.Bytes
                    select (header, crc, payload);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bytes = ProxyHeaderWriter.WriteV2(c.header, c.crc);
            var result = ProxyHeaderParser.Parse([.. bytes, .. c.payload]);
            var parsed = result.Header;
            var tlvs = parsed?.Tlvs.Take(c.header.Tlvs.Count).ToList();
            return result.Status == ProxyParseStatus.Done
                && result.Length == bytes.Length
                && parsed!.Command == c.header.Command
                && parsed.Family == c.header.Family
                && parsed.Transport == c.header.Transport
                && Equals(parsed.Source, c.header.Source)
                && Equals(parsed.Destination, c.header.Destination)
                && parsed.UnixSource == c.header.UnixSource
                && parsed.UnixDestination == c.header.UnixDestination
                && parsed.Tlvs.Count == c.header.Tlvs.Count + (c.crc ? 1 : 0)
                && tlvs!.Zip(c.header.Tlvs).All(p => p.First.Type == p.Second.Type && p.First.Value.Span.SequenceEqual(p.Second.Value.Span))
                && Equals(parsed.Ssl, c.header.Ssl);
        }).Check(Quick);
    }

    [Fact]
    public void Parse_WrittenV1_RoundTrips()
    {
        Prop.ForAll(ProxyHeaderGen.V1.ToArbitrary(), header =>
        {
            var bytes = ProxyHeaderWriter.WriteV1(header);
            var result = ProxyHeaderParser.Parse(bytes);
            return bytes.Length <= ProxyProtocolLimits.V1MaxLength
                && result.Status == ProxyParseStatus.Done
                && result.Length == bytes.Length
                && Equals(result.Header!.Source, header.Source)
                && Equals(result.Header.Destination, header.Destination)
                && result.Header.Family == header.Family;
        }).Check(Quick);
    }

    [Fact]
    public void Parse_EveryTruncation_NeedsMoreData()
    {
        var cases = from bytes in ProxyHeaderGen.AnyHeaderBytes
                    from fraction in Gen.Choose(0, 999)
                    select (bytes, fraction);
        Prop.ForAll(cases.ToArbitrary(), c =>
            ProxyHeaderParser.Parse(c.bytes.AsSpan(0, c.bytes.Length * c.fraction / 1000)).Status == ProxyParseStatus.NeedMoreData)
            .Check(Quick);
    }

    [Fact]
    public void Parse_OneByteChanged_NeverThrowsAndStaysInBounds()
    {
        var cases = from bytes in ProxyHeaderGen.AnyHeaderBytes
                    from position in Gen.Choose(0, 100_000)
                    from value in Gen.Choose(0, 255)
                    select (bytes, position, value);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            c.bytes[c.position % c.bytes.Length] = (byte)c.value;
            return Consistent(c.bytes);
        }).Check(Quick);
    }

    [Fact]
    public void Parse_V2LengthThatLies_NeverReadsPastTheInput()
    {
        var cases = from header in ProxyHeaderGen.V2
                    from length in Gen.Choose(0, 65535)
                    select (header, length);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bytes = ProxyHeaderWriter.WriteV2(c.header);
            bytes[14] = (byte)(c.length >> 8);
            bytes[15] = (byte)c.length;
            var result = ProxyHeaderParser.Parse(bytes);
            // Shorter than promised: wait for the rest. Otherwise the TLVs are cut where the length says: valid or malformed.
            return Consistent(bytes)
                && (16 + c.length <= bytes.Length || result.Status == ProxyParseStatus.NeedMoreData);
        }).Check(Quick);
    }

    [Fact]
    public void Parse_V2WrongFamilyForItsAddressBlock_NeverDone()
    {
        var cases = from header in ProxyHeaderGen.V2
                    where header.Family is ProxyAddressFamily.Inet or ProxyAddressFamily.Inet6 && header.Tlvs.Count == 0
                    from family in Gen.Elements(0x2, 0x3)
                    select (header, family);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bytes = ProxyHeaderWriter.WriteV2(c.header);
            bytes[13] = (byte)((c.family << 4) | (bytes[13] & 0x0F));
            var larger = (c.family == 0x2 && c.header.Family == ProxyAddressFamily.Inet) || c.family == 0x3;
            return !larger || ProxyHeaderParser.Parse(bytes).Status == ProxyParseStatus.Malformed;
        }).Check(Quick);
    }

    [Fact]
    public void Parse_V1LongerThan107Bytes_Malformed()
    {
        var cases = from extra in Gen.Choose(ProxyProtocolLimits.V1MaxLength, 400)
                    from filler in Gen.Elements('x', ' ', '1', ':')
                    select "PROXY UNKNOWN" + new string(filler, extra) + "\r\n";
        Prop.ForAll(cases.ToArbitrary(), text =>
            ProxyHeaderParser.Parse(System.Text.Encoding.ASCII.GetBytes(text)).Status == ProxyParseStatus.Malformed).Check(Quick);
    }

    /// <summary>The invariants every answer keeps: Done means a header no longer than the input; Malformed has a reason.</summary>
    private static bool Consistent(byte[] bytes)
    {
        var result = ProxyHeaderParser.Parse(bytes);
        return result.Status switch
        {
            ProxyParseStatus.Done => result.Header is not null && result.Length > 0 && result.Length <= bytes.Length,
            ProxyParseStatus.Malformed => result.Error.Length > 0,
            ProxyParseStatus.NeedMoreData => bytes.Length < ProxyProtocolLimits.V2MaxLength,
            _ => result.Header is null,
        };
    }
}
