using Microsoft.Extensions.Primitives;

namespace Porch.StaticFiles;

/// <summary>
/// Picks a content coding from Accept-Encoding (RFC 9110 §12.5.3) without allocating: the highest q-value wins,
/// brotli on a tie; <c>*</c> stands for codings not named; <c>q=0</c> means "not acceptable". No header at all gets
/// identity: old clients that send none often cannot decode anything else.
/// </summary>
internal static class AcceptEncoding
{
    private const int Unset = -1;

    /// <param name="header">The request's Accept-Encoding values.</param>
    /// <param name="brotli">Whether a brotli form is available.</param>
    /// <param name="gzip">Whether a gzip form is available.</param>
    public static ContentCoding Choose(StringValues header, bool brotli, bool gzip)
    {
        if (!brotli && !gzip)
        {
            return ContentCoding.Identity;
        }

        int br = Unset, gz = Unset, star = Unset;
        foreach (var value in header)
        {
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var element = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? [] : rest[(comma + 1)..];
                if (!TryParseElement(element, out var coding, out var quality))
                {
                    continue;
                }

                if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    br = quality;
                }
                else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gz = quality;
                }
                else if (coding is "*")
                {
                    star = quality;
                }
            }
        }

        var brQuality = brotli ? (br == Unset ? star : br) : Unset;
        var gzQuality = gzip ? (gz == Unset ? star : gz) : Unset;
        if (brQuality <= 0 && gzQuality <= 0)
        {
            return ContentCoding.Identity;
        }

        return brQuality >= gzQuality ? ContentCoding.Brotli : ContentCoding.Gzip;
    }

    /// <summary>One <c>coding *( OWS ";" OWS parameter )</c> element; the weight in thousandths (RFC 9110 §12.4.2).</summary>
    private static bool TryParseElement(ReadOnlySpan<char> element, out ReadOnlySpan<char> coding, out int quality)
    {
        quality = 1000;
        var semicolon = element.IndexOf(';');
        coding = (semicolon < 0 ? element : element[..semicolon]).Trim(" \t");
        if (coding.IsEmpty)
        {
            return false;
        }

        while (semicolon >= 0)
        {
            element = element[(semicolon + 1)..];
            semicolon = element.IndexOf(';');
            var parameter = (semicolon < 0 ? element : element[..semicolon]).Trim(" \t");
            if (parameter.Length >= 2 && (parameter[0] | 0x20) == 'q' && parameter[1] == '=')
            {
                return TryParseQuality(parameter[2..], out quality);
            }
        }

        return true;
    }

    /// <summary><c>qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )</c>.</summary>
    private static bool TryParseQuality(ReadOnlySpan<char> text, out int quality)
    {
        quality = 0;
        if (text.IsEmpty || text[0] is not ('0' or '1') || text.Length > 5 || (text.Length > 1 && text[1] != '.'))
        {
            return false;
        }

        quality = (text[0] - '0') * 1000;
        var scale = 100;
        foreach (var digit in text.Length > 2 ? text[2..] : [])
        {
            if (digit is < '0' or > '9')
            {
                return false;
            }

            quality += (digit - '0') * scale;
            scale /= 10;
        }

        return quality <= 1000;
    }
}
