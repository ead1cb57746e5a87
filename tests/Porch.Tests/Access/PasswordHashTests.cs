using System.Text;
using Porch.Access.Passwords;

namespace Porch.Tests.Access;

public class PasswordHashTests
{
    // Known answers made by Debian's htpasswd -B (apache2-utils 2.4) when these tests were written; the interop tests
    // run htpasswd itself with fresh salts.
    [Theory]
    [InlineData("$2y$05$QhyUCazWoAxcdNL5xdpts.aG0ygv48R3tLoMveCP0qZsZ8D42Jyo6", "correct horse")]
    [InlineData("$2y$04$0CtV4s1F94Mhr8uBaXFkOO57AbDlA6tSjougkNt.iAy5z0h3xgUsu", "pässwörd")]
    [InlineData("$2y$04$N/i1bATzKRsUBTcdyQEameN0o0BrvJ5c3qOHugkCAhPaAwe.B4BaS", "x")]
    public void Bcrypt_HtpasswdHash_VerifiesItsPasswordOnly(string line, string password)
    {
        Assert.True(PasswordHash.TryParse(line, out var hash, out var error), error);

        Assert.True(hash!.Verify(password));
        Assert.False(hash.Verify(password + "!"));
        Assert.False(hash.Verify(password[..^1]));
    }

    [Fact]
    public void Bcrypt_PasswordOver72Bytes_OnlyTheFirst72Count()
    {
        // htpasswd -B -C 6 of 80 'a's: bcrypt keys Blowfish with at most 72 bytes, so 72 'a's and more all match.
        Assert.True(PasswordHash.TryParse("$2y$06$MNilCT7kA/hA4Hz70IsXSeKhaM/H0uC2AmybAmi5lKryFAlyDnqWK", out var hash, out _));

        Assert.True(hash!.Verify(new string('a', 80)));
        Assert.True(hash.Verify(new string('a', 72)));
        Assert.False(hash.Verify(new string('a', 71)));
    }

    [Fact]
    public void Bcrypt_CreateWithTheSameSalt_ReproducesHtpasswdExactly()
    {
        const string Line = "$2y$05$QhyUCazWoAxcdNL5xdpts.aG0ygv48R3tLoMveCP0qZsZ8D42Jyo6";
        var salt = BcryptBase64.Decode(Line.AsSpan(7, 22), 16)!;

        Assert.Equal(Line, BcryptHash.Create("correct horse", 5, salt));
    }

    [Theory]
    [InlineData("$2b$")]
    [InlineData("$2a$")]
    public void Bcrypt_OtherPrefixes_VerifyTheSame(string prefix)
    {
        var line = prefix + "05$QhyUCazWoAxcdNL5xdpts.aG0ygv48R3tLoMveCP0qZsZ8D42Jyo6";

        Assert.True(PasswordHash.TryParse(line, out var hash, out _));
        Assert.True(hash!.Verify("correct horse"));
    }

    [Fact]
    public void BlowfishPi_Computed_MatchesTheDigitsOfPi()
    {
        var words = BlowfishPi.Words;

        // pi = 3.243F6A88 85A308D3 13198A2E ...; P[17] and the first and last S-box words are Blowfish's published values.
        Assert.Equal(0x243F6A88u, words[0]);
        Assert.Equal(0x85A308D3u, words[1]);
        Assert.Equal(0x8979FB1Bu, words[17]);
        Assert.Equal(0xD1310BA6u, words[18]);
        Assert.Equal(0x3AC372E6u, words[^1]);
    }

    [Fact]
    public void BcryptBase64_RoundTrips()
    {
        var bytes = Encoding.ASCII.GetBytes("0123456789abcdefXYZ");
        for (var n = 0; n <= bytes.Length; n++)
        {
            Assert.Equal(bytes[..n], BcryptBase64.Decode(BcryptBase64.Encode(bytes.AsSpan(0, n)), n));
        }
    }

    [Fact]
    public void Sha_HtpasswdLine_Verifies()
    {
        // htpasswd -nbs bob secret
        Assert.True(PasswordHash.TryParse("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", out var hash, out _));

        Assert.True(hash!.Verify("secret"));
        Assert.False(hash.Verify("Secret"));
    }

    [Fact]
    public void Pbkdf2_Created_HasAtLeast600000IterationsAndVerifies()
    {
        var line = Pbkdf2Hash.Create("hunter2");

        Assert.Matches(@"^\$pbkdf2-sha256\$i=600000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", line);
        Assert.True(PasswordHash.TryParse(line, out var hash, out _));
        Assert.True(hash!.Verify("hunter2"));
        Assert.False(hash.Verify("hunter3"));
    }

    [Fact]
    public void Pbkdf2_SamePasswordTwice_GetsDifferentSalts()
    {
        Assert.NotEqual(Pbkdf2Hash.Create("same", 10_000), Pbkdf2Hash.Create("same", 10_000));
    }

    [Theory]
    [InlineData("$apr1$abc$def", "MD5")]
    [InlineData("$2x$05$QhyUCazWoAxcdNL5xdpts.aG0ygv48R3tLoMveCP0qZsZ8D42Jyo6", "flawed")]
    [InlineData("plaintext", "crypt() or plain-text")]
    [InlineData("$2y$05$short", "not a bcrypt hash")]
    [InlineData("$2y$31$QhyUCazWoAxcdNL5xdpts.aG0ygv48R3tLoMveCP0qZsZ8D42Jyo6", "cost 31")]
    [InlineData("$2y$05$QhyUCazWoAxcdNL5xdpts.aG0ygv48R3tLoMveCP0qZsZ8D42Jy!6", "alphabet")]
    [InlineData("$pbkdf2-sha256$i=5$c2FsdHNhbHQ$aGFzaA", "iterations")]
    [InlineData("$pbkdf2-sha256$600000$x$y", "expected")]
    [InlineData("{SHA}abc", "20 bytes")]
    public void Parse_UnusableHash_SaysWhyAndHowToFix(string text, string expected)
    {
        Assert.False(PasswordHash.TryParse(text, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
