using Porch.Dns;
using Porch.Wire.Dns;

namespace Porch.Tests.Dns;

public class BindKeyFileTests
{
    [Fact]
    public void Parse_TsigKeygenOutput_GivesNameAlgorithmAndSecret()
    {
        // The shape `tsig-keygen -a hmac-sha512 porch-key` prints, with comments as people add them.
        const string Text = """
            # made for Porch // not a comment inside "quotes"
            key "porch-key" {
                algorithm hmac-sha512;
                /* the secret
                   is base64 */
                secret "ab//cd+/EEE=";
            };
            """;

        var key = Assert.Single(BindKeyFile.Parse(Text, out var error));

        Assert.Null(error);
        Assert.Equal("porch-key", key.Name);
        Assert.Equal(TsigAlgorithm.HmacSha512, key.Algorithm);
        Assert.Equal(Convert.FromBase64String("ab//cd+/EEE="), key.Secret.ToArray());
    }

    [Fact]
    public void Parse_SeveralKeys_GivesThemAll()
    {
        var keys = BindKeyFile.Parse("""key a. { algorithm hmac-sha256; secret "AAAA"; }; key "b" { secret "BBBB"; algorithm "HMAC-SHA256"; };""", out var error);

        Assert.Null(error);
        Assert.Equal(["a.", "b"], keys.Select(k => k.Name));
    }

    [Theory]
    [InlineData("""key "k" { algorithm hmac-md5; secret "AAAA"; };""", "uses algorithm hmac-md5; Porch supports hmac-sha256, hmac-sha512")]
    [InlineData("""key "k" { algorithm hmac-sha256; };""", "key \"k\" has no secret statement")]
    [InlineData("""key "k" { algorithm hmac-sha256; secret "not base64!"; };""", "the secret of key \"k\" is not base64")]
    [InlineData("""options { directory "/var/cache/bind"; };""", "holds no key statement")]
    public void Parse_BadFile_SaysWhatIsWrong(string text, string problem)
    {
        Assert.Empty(BindKeyFile.Parse(text, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }
}
