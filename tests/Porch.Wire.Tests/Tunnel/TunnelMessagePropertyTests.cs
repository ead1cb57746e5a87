using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Porch.Wire.Tunnel;

namespace Porch.Wire.Tests.Tunnel;

/// <summary>
/// Fuzzing the tunnel line decoder: whatever the peer sends, it answers without throwing, never consumes past the first
/// newline, and reads back any detail string a message carries.
/// </summary>
public class TunnelMessagePropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000);

    [Fact]
    public void Decode_AnyBytes_NeverThrowsAndStaysInBounds()
    {
        var prefixes = Gen.Elements<byte[]>([], "{"u8.ToArray(), "{\"type\":\""u8.ToArray(), "{\"type\":\"open\",\"kind\":"u8.ToArray(), "null"u8.ToArray());
        var inputs = from prefix in prefixes
                     from size in Gen.Choose(0, 200)
                     from rest in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant((byte)'\n')), (12, Gen.Choose(0, 255).Select(b => (byte)b))), size)
                     select (byte[])[.. prefix, .. rest];
        Prop.ForAll(inputs.ToArbitrary(), bytes =>
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            var status = TunnelMessageCodec.TryDecode(buffer, out var message, out var consumed, out var error);
            var newline = Array.IndexOf(bytes, (byte)'\n');
            return status switch
            {
                TunnelDecodeStatus.Message => message is not null && error is null && consumed.GetInteger() == newline + 1,
                TunnelDecodeStatus.Invalid => message is null && error is not null && consumed.GetInteger() == 0,
                _ => newline < 0 && message is null && consumed.GetInteger() == 0,
            };
        }).Check(Quick);
    }

    [Fact]
    public void Decode_AnyDetailString_RoundTrips()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var detail = text ?? "";
            var line = TunnelMessageCodec.Encode(new ErrorMessage(TunnelErrorCode.Unavailable, detail));
            var status = TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(line), out var message, out _, out _);
            // Lone surrogates cannot be UTF-8; the encoder replaces them, so compare through the same replacement.
            var expected = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(detail));
            return status == TunnelDecodeStatus.Message && message is ErrorMessage error && error.Detail == expected;
        }).Check(Quick);
    }
}
