using Porch.Wire.Dns;

namespace Porch.Wire.Tests.Dns;

public class DnsNameTests
{
    /// <summary>RFC 1035 §4.1.4's example: F.ISI.ARPA at 20, FOO.F.ISI.ARPA at 40 (pointer to 20), ARPA at 64 (pointer
    /// to 26), the root at 92.</summary>
    private static byte[] Rfc1035CompressionExample()
    {
        var message = new byte[93];
        byte[] fIsiArpa = [1, (byte)'F', 3, (byte)'I', (byte)'S', (byte)'I', 4, (byte)'A', (byte)'R', (byte)'P', (byte)'A', 0];
        fIsiArpa.CopyTo(message, 20);
        byte[] foo = [3, (byte)'F', (byte)'O', (byte)'O', 0xC0, 20];
        foo.CopyTo(message, 40);
        message[64] = 0xC0;
        message[65] = 26;
        message[92] = 0;
        return message;
    }

    [Theory]
    [InlineData(20, "F.ISI.ARPA", 32)]
    [InlineData(40, "FOO.F.ISI.ARPA", 46)]
    [InlineData(64, "ARPA", 66)]
    [InlineData(92, ".", 93)]
    public void ReadName_Rfc1035CompressionExample_FollowsPointersAndEndsAfterThePointer(int offset, string expected, int end)
    {
        var at = offset;

        Assert.True(DnsMessageReader.TryReadName(Rfc1035CompressionExample(), ref at, out var name, out var error), error);

        Assert.Equal(expected, name);
        Assert.Equal(end, at);
    }

    [Fact]
    public void ReadName_PointerToItself_IsAnErrorNotALoop()
    {
        byte[] message = [.. new byte[12], 0xC0, 12];
        var at = 12;

        Assert.False(DnsMessageReader.TryReadName(message, ref at, out _, out var error));
        Assert.Contains("backwards", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadName_TwoPointersAtEachOther_IsAnError()
    {
        // 12 -> 14 is forwards, so the chain 14 -> 12 -> 14 is cut at its first forward jump.
        byte[] message = [.. new byte[12], 0xC0, 14, 0xC0, 12];
        var at = 14;

        Assert.False(DnsMessageReader.TryReadName(message, ref at, out _, out _));
    }

    [Fact]
    public void ReadName_LongerThan255Bytes_IsAnError()
    {
        var label = Enumerable.Repeat((byte)'a', 63).Prepend((byte)63).ToArray();
        var message = Enumerable.Repeat(label, 5).SelectMany(l => l).Append((byte)0).ToArray();
        var at = 0;

        Assert.False(DnsMessageReader.TryReadName(message, ref at, out _, out var error));
        Assert.Contains("255", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com", null)]
    [InlineData("example.com.", null)]
    [InlineData(".", null)]
    [InlineData("_acme-challenge.www.example.com", null)]
    [InlineData("a..b", "empty label")]
    [InlineData(".a", "empty label")]
    [InlineData("exa mple.com", "printable ASCII")]
    [InlineData("bad\\", "backslash")]
    public void Validate_ReportsWhatIsWrong(string name, string? problem)
    {
        var error = DnsName.Validate(name);

        if (problem is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(problem, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_LabelOf64Bytes_IsTooLong()
    {
        Assert.Contains("63", DnsName.Validate(new string('a', 64) + ".com"), StringComparison.Ordinal);
        Assert.Null(DnsName.Validate(new string('a', 63) + ".com"));
    }

    [Fact]
    public void ToWire_EscapedDotAndDecimal_AreOneLabelByte()
    {
        Assert.Equal([3, (byte)'a', (byte)'.', (byte)'b', 1, (byte)'A', 0], DnsName.ToWire("a\\.b.\\065"));
    }

    [Fact]
    public void ToCanonicalWire_LowersLettersOnly()
    {
        Assert.Equal([4, (byte)'k', (byte)'-', (byte)'1', (byte)'x', 0], DnsName.ToCanonicalWire("K-1X."));
    }

    [Theory]
    [InlineData("_acme-challenge.WWW.Example.com", "example.COM.", true)]
    [InlineData("example.com", "example.com", true)]
    [InlineData("notexample.com", "example.com", false)]
    [InlineData("example.com", "www.example.com", false)]
    [InlineData("anything.org", ".", true)]
    public void IsAtOrBelow_MatchesWholeLabelsCaseInsensitively(string name, string zone, bool expected)
    {
        Assert.Equal(expected, DnsName.IsAtOrBelow(name, zone));
    }

    [Fact]
    public void Equal_IgnoresCaseAndTrailingDot()
    {
        Assert.True(DnsName.Equal("Porch-Key.", "porch-key"));
        Assert.False(DnsName.Equal("porch-key", "porch-keys"));
    }
}
