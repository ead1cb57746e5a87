namespace Porch.Access.Passwords;

/// <summary>
/// bcrypt's base64: the usual bit packing with the alphabet <c>./A-Za-z0-9</c> and no padding (OpenBSD
/// <c>bcrypt.c</c>). 16 salt bytes are 22 characters, the 23 hash bytes 31.
/// </summary>
internal static class BcryptBase64
{
    private const string Alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[((bytes.Length * 8) + 5) / 6];
        var bitBuffer = 0;
        var bitCount = 0;
        var at = 0;
        foreach (var b in bytes)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
            while (bitCount >= 6)
            {
                bitCount -= 6;
                chars[at++] = Alphabet[(bitBuffer >> bitCount) & 0x3f];
            }
        }

        if (bitCount > 0)
        {
            chars[at] = Alphabet[(bitBuffer << (6 - bitCount)) & 0x3f];
        }

        return new string(chars);
    }

    /// <summary>Decodes exactly <paramref name="length"/> bytes; null when a character is outside the alphabet or too few.</summary>
    public static byte[]? Decode(ReadOnlySpan<char> text, int length)
    {
        var bytes = new byte[length];
        var bitBuffer = 0;
        var bitCount = 0;
        var at = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            bitBuffer = ((bitBuffer << 6) | value) & 0xffff;
            bitCount += 6;
            if (bitCount >= 8 && at < length)
            {
                bitCount -= 8;
                bytes[at++] = (byte)(bitBuffer >> bitCount);
            }
        }

        return at == length ? bytes : null;
    }
}
