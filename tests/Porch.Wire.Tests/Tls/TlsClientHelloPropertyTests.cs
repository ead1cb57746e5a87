using FsCheck;
using FsCheck.Fluent;
using Porch.Wire.Tls;

namespace Porch.Wire.Tests.Tls;

/// <summary>Fuzzing the ClientHello parser: whatever a peer sends, it answers without throwing, and never lies.</summary>
public class TlsClientHelloPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000);

    private static readonly Gen<string> Label =
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()), n))
            .Select(chars => new string(chars));

    private static readonly Gen<string?> HostNames = Gen.OneOf(
        Gen.Constant<string?>(null),
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Label, n)).Select(labels => (string?)string.Join('.', labels)));

    private static readonly Gen<string[]> ProtocolLists = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(
        Gen.Elements("h2", "http/1.1", "acme-tls/1", "h3", "x"), n));

    [Fact]
    public void TryParse_AnyBytes_NeverThrows()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            // Most random arrays do not start with 22; force a handshake record header onto half of them.
            byte[] prefixed = [22, 3, 1, .. bytes];
            _ = TlsClientHelloParser.TryParse(bytes, out _);
            _ = TlsClientHelloParser.TryParse(prefixed, out _);
            return true;
        }).Check(Quick);
    }

    [Fact]
    public void TryParse_BuiltHello_RoundTripsAtAnyRecordSize()
    {
        var cases = from name in HostNames
                    from protocols in ProtocolLists
                    from recordSize in Gen.Choose(1, 400)
                    select (name, protocols, recordSize);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var status = TlsClientHelloParser.TryParse(ClientHelloBuilder.Build(c.name, c.protocols, c.recordSize), out var hello);
            return status == TlsClientHelloStatus.Complete
                && hello!.ServerName == c.name
                && hello.Protocols.SequenceEqual(c.protocols);
        }).Check(Quick);
    }

    [Fact]
    public void TryParse_AnyPrefixOfAHello_Incomplete()
    {
        var cases = from name in HostNames
                    from protocols in ProtocolLists
                    from recordSize in Gen.Choose(1, 300)
                    from fraction in Gen.Choose(0, 999)
                    select (name, protocols, recordSize, fraction);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bytes = ClientHelloBuilder.Build(c.name, c.protocols, c.recordSize);
            var cut = bytes.Length * c.fraction / 1000;
            return TlsClientHelloParser.TryParse(bytes.AsSpan(0, cut), out _) == TlsClientHelloStatus.Incomplete;
        }).Check(Quick);
    }

    [Fact]
    public void TryParse_OneByteFlipped_NeverThrowsAndCompleteMeansConsistent()
    {
        var cases = from name in HostNames
                    from protocols in ProtocolLists
                    from position in Gen.Choose(0, 10_000)
                    from value in Gen.Choose(0, 255)
                    select (name, protocols, position, value);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bytes = ClientHelloBuilder.Build(c.name, c.protocols);
            bytes[c.position % bytes.Length] = (byte)c.value;
            var status = TlsClientHelloParser.TryParse(bytes, out var hello);
            return status != TlsClientHelloStatus.Complete
                || (hello!.Protocols.All(p => p.Length > 0) && (hello.ServerName is null || hello.ServerName.Length is > 0 and <= 253));
        }).Check(Quick);
    }
}
