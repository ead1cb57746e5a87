using System.Text;

namespace Porch.Wire.Htcpcp;

/// <summary>
/// RFC 2324 §3: "coffee is international", so the word for coffee in any of the listed languages is a coffee URI
/// scheme, written as the percent-encoded UTF-8 of that word. All forms are equivalent.
/// </summary>
internal static class CoffeeSchemes
{
    /// <summary>The RFC's list, decoded: Afrikaans/Dutch, Azerbaijani, Arabic, Basque, Bengali, Bosnian, Bulgarian/Czech,
    /// Catalan/French/Galician, Chinese, Croatian, Czech, Danish/Norwegian/Swedish, English, Esperanto, Estonian, Finnish,
    /// German, Greek, Hindi, Japanese, Korean, Russian, Thai.</summary>
    public static readonly IReadOnlyList<string> Words =
    [
        "koffie", "qæhvæ", "قهوة", "akeita", "koffee", "kahva", "kafe", "café", "咖啡", "kava", "káva", "kaffe",
        "coffee", "kafo", "kohv", "kahvi", "kaffee", "καφέ", "कौफी", "コーヒー", "커피", "кофе", "กาแฟ",
    ];

    /// <summary>
    /// The RFC spells the French scheme <c>caf%C3%E8</c>, which is not valid UTF-8 (course configurations copy it
    /// verbatim); it is accepted as written, beside the correct <c>caf%C3%A9</c>.
    /// </summary>
    private const string LiteralFrench = "caf%c3%e8";

    private static readonly HashSet<string> Known = new(Words.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal);

    /// <summary>Whether <paramref name="scheme"/>, percent-encoded or not, in any letter case, names coffee.</summary>
    public static bool IsCoffee(string scheme)
    {
        if (scheme.Length == 0)
        {
            return false;
        }

        var lower = scheme.ToLowerInvariant();
        return lower == LiteralFrench || Known.Contains(PercentDecode(scheme).ToLowerInvariant());
    }

    /// <summary>Decodes %XX escapes as UTF-8; an invalid escape is kept as written.</summary>
    public static string PercentDecode(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
