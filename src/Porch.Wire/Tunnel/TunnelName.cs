using System.Security.Cryptography;

namespace Porch.Wire.Tunnel;

/// <summary>
/// Tunnel names: one DNS label (RFC 1035 §2.3.1 as relaxed by RFC 1123 §2.1: letters, digits and inner hyphens,
/// 1 to 63 characters), lower case, so NAME.DOMAIN is a valid host name and a valid certificate name.
/// </summary>
internal static class TunnelName
{
    /// <summary>Length of a random name: 8 characters of a 32-letter alphabet, 40 bits, unlikely to be guessed or to collide.</summary>
    public const int RandomLength = 8;

    /// <summary>Lower-case letters and digits without the look-alikes 0/o and 1/l, so a name read aloud is typed right.</summary>
    public const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>Checks a name a client asked for; the error says what is wrong and what would do.</summary>
    public static bool IsValid(string? name, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(name) || name.Length > 63)
        {
            error = $"\"{name}\" must be 1 to 63 characters: lower-case letters, digits and hyphens, such as \"myapp\"";
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                error = $"\"{name}\" may contain only lower-case letters, digits and hyphens, such as \"myapp\"";
                return false;
            }
        }

        if (name[0] == '-' || name[^1] == '-')
        {
            error = $"\"{name}\" must not start or end with a hyphen";
            return false;
        }

        return true;
    }

    /// <summary>A new random name from the system's cryptographic generator.</summary>
    public static string Random() => RandomNumberGenerator.GetString(Alphabet, RandomLength);
}
