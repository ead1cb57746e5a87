using System.Text;

namespace Porch.Access;

/// <summary>The Basic authentication scheme (RFC 7617): <c>Authorization: Basic base64(user-id ":" password)</c>.</summary>
internal static class BasicCredentials
{
    // RFC 7617 §2 allows any length; this bounds the work done for a header nobody legitimate sends.
    private const int MaxEncodedLength = 4096;

    /// <summary>The challenge: the realm, and UTF-8 as the charset the client should encode with (RFC 7617 §2.1).</summary>
    public static string Challenge(string realm) =>
        $"Basic realm=\"{realm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\", charset=\"UTF-8\"";

    public static bool TryParse(string? authorization, out string user, out string password)
    {
        user = "";
        password = "";
        var value = authorization.AsSpan().Trim();
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        if (value.Length < 7 || !value[..6].Equals("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var token = value[6..].Trim();
        if (token.IsEmpty || token.Length > MaxEncodedLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[(token.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(token, bytes, out var written))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[..written]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            bytes.Clear();
        }

        // The user-id cannot contain a colon, so the first one separates it from the password (RFC 7617 §2).
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
