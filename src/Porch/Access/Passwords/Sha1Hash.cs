using System.Security.Cryptography;
using System.Text;

namespace Porch.Access.Passwords;

/// <summary>
/// htpasswd's <c>{SHA}</c> lines: base64 of the unsalted SHA-1 of the password. Weak (no salt, fast), accepted only so
/// existing files keep working; <c>porch passwd</c> never writes it.
/// </summary>
internal sealed class Sha1Hash(byte[] expected) : IPasswordHash
{
    public const string Prefix = "{SHA}";

    public static bool TryParse(string text, out IPasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        byte[] expected;
        try
        {
            expected = Convert.FromBase64String(text[Prefix.Length..]);
        }
        catch (FormatException)
        {
            expected = [];
        }

        if (expected.Length != SHA1.HashSizeInBytes)
        {
            error = "is not a {SHA} hash (base64 of 20 bytes); make a new one with `porch passwd USER`";
            return false;
        }

        hash = new Sha1Hash(expected);
        return true;
    }

#pragma warning disable CA5350 // SHA-1 is what {SHA} lines are; Porch reads them for compatibility and never writes them.
    public bool Verify(string password) =>
        CryptographicOperations.FixedTimeEquals(SHA1.HashData(Encoding.UTF8.GetBytes(password)), expected);
#pragma warning restore CA5350
}
