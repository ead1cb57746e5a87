using System.Text;
using Porch.Access;

namespace Porch.Tests.Access;

public class BasicCredentialsTests
{
    private static string Header(string scheme, string userPass) => $"{scheme} {Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass))}";

    [Theory]
    [InlineData("Basic", "Aladdin:open sesame", "Aladdin", "open sesame")]
    [InlineData("basic", "test:123\u00A3", "test", "123\u00A3")] // RFC 7617 §2.1's UTF-8 example
    [InlineData("BASIC", "u:pass:with:colons", "u", "pass:with:colons")]
    [InlineData("Basic", "u:", "u", "")]
    public void TryParse_WellFormed_SplitsAtTheFirstColon(string scheme, string userPass, string user, string password)
    {
        Assert.True(BasicCredentials.TryParse(Header(scheme, userPass), out var u, out var p));

        Assert.Equal(user, u);
        Assert.Equal(password, p);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic")]
    [InlineData("Basic !!!")]
    [InlineData("Basic bm9jb2xvbg==")] // "nocolon"
    [InlineData("Basic //79")] // not UTF-8
    public void TryParse_Malformed_IsRefused(string? header)
    {
        Assert.False(BasicCredentials.TryParse(header, out _, out _));
    }

    [Fact]
    public void Challenge_NamesTheRealmAndUtf8()
    {
        Assert.Equal("Basic realm=\"my \\\"blog\\\"\", charset=\"UTF-8\"", BasicCredentials.Challenge("my \"blog\""));
    }
}
