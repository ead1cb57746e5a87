using Porch.Wire.Tunnel;

namespace Porch.Wire.Tests.Tunnel;

public class TunnelNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("myapp")]
    [InlineData("my-app-2")]
    [InlineData("0x")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123")]
    public void IsValid_DnsLabel_Accepted(string name)
    {
        Assert.True(TunnelName.IsValid(name, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null, "1 to 63 characters")]
    [InlineData("", "1 to 63 characters")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234", "1 to 63 characters")]
    [InlineData("MyApp", "lower-case letters")]
    [InlineData("my_app", "lower-case letters")]
    [InlineData("my.app", "lower-case letters")]
    [InlineData("café", "lower-case letters")]
    [InlineData("-app", "hyphen")]
    [InlineData("app-", "hyphen")]
    public void IsValid_NotADnsLabel_RefusedWithReason(string? name, string expected)
    {
        Assert.False(TunnelName.IsValid(name, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_IsAValidNameOfTheAlphabet()
    {
        var names = Enumerable.Range(0, 200).Select(_ => TunnelName.Random()).ToList();

        Assert.All(names, name =>
        {
            Assert.Equal(TunnelName.RandomLength, name.Length);
            Assert.True(TunnelName.IsValid(name, out _));
            Assert.All(name, c => Assert.Contains(c, TunnelName.Alphabet));
            Assert.DoesNotContain(name, c => c is '0' or 'o' or '1' or 'l');
        });
        // 40 bits each: 200 draws colliding would mean the generator is broken.
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
