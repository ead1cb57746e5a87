using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Porch.Access.Passwords;

/// <summary>
/// Porch's own format, written by <c>porch passwd</c>:
/// <c>$pbkdf2-sha256$i=ITERATIONS$SALT$HASH</c>, with SALT (16 bytes) and HASH (32 bytes) in base64 without padding,
/// after the PHC string format. PBKDF2 is RFC 8018 §5.2 with HMAC-SHA256; 600 000 iterations is OWASP's 2023 floor.
/// </summary>
internal sealed class Pbkdf2Hash : IPasswordHash
{
    public const string Prefix = "$pbkdf2-sha256$";
    public const int DefaultIterations = 600_000;

    // Beyond this a single check takes seconds: a hash line could otherwise turn each login attempt into a CPU stall.
    private const int MaxIterations = 10_000_000;
    private const int MinIterations = 10_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly int iterations;
    private readonly byte[] salt;
    private readonly byte[] expected;

    private Pbkdf2Hash(int iterations, byte[] salt, byte[] expected)
    {
        this.iterations = iterations;
        this.salt = salt;
        this.expected = expected;
    }

    /// <summary>A new hash line body for <paramref name="password"/> with a fresh random salt.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}i={iterations}${Unpadded(salt)}${Unpadded(hash)}");
    }

    public static bool TryParse(string text, out IPasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        var parts = text[Prefix.Length..].Split('$');
        if (parts.Length != 3 || !parts[0].StartsWith("i=", StringComparison.Ordinal) ||
            !int.TryParse(parts[0].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            error = $"is not a {Prefix} hash (expected {Prefix}i=ITERATIONS$SALT$HASH); make a new one with `porch passwd USER`";
            return false;
        }

        if (iterations is < MinIterations or > MaxIterations)
        {
            error = $"has {iterations} PBKDF2 iterations; use {MinIterations} to {MaxIterations} (`porch passwd USER` uses {DefaultIterations})";
            return false;
        }

        var salt = FromUnpadded(parts[1]);
        var expected = FromUnpadded(parts[2]);
        if (salt is not { Length: >= 8 } || expected is not { Length: HashBytes })
        {
            error = "has a salt or hash that is not valid base64 of the right length; make a new one with `porch passwd USER`";
            return false;
        }

        hash = new Pbkdf2Hash(iterations, salt, expected);
        return true;
    }

    public bool Verify(string password)
    {
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[]? FromUnpadded(string text)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
