using Microsoft.Extensions.Primitives;

namespace Porch.StaticFiles;

/// <summary>Entity-tag lists as in If-Match and If-None-Match (RFC 9110 §8.8.3), compared without allocating.</summary>
internal static class EntityTags
{
    /// <summary>
    /// Whether the header lists <paramref name="etag"/> (or is <c>*</c>). Strong comparison (§8.8.3.2) needs both tags
    /// strong and equal; weak comparison ignores the <c>W/</c> prefix on either side.
    /// </summary>
    public static bool ListContains(StringValues header, string etag, bool weak)
    {
        var ours = etag.AsSpan();
        var oursWeak = ours.StartsWith("W/", StringComparison.Ordinal);
        if (oursWeak)
        {
            ours = ours[2..];
        }

        foreach (var value in header)
        {
            var rest = value.AsSpan();
            while (TryNext(ref rest, out var theirs, out var theirsWeak, out var star))
            {
                if (star || (ours.SequenceEqual(theirs) && (weak || (!oursWeak && !theirsWeak))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a single entity-tag (as in If-Range) matches by strong comparison.</summary>
    public static bool StrongMatch(ReadOnlySpan<char> header, string etag)
    {
        var rest = header;
        return !etag.StartsWith("W/", StringComparison.Ordinal)
            && TryNext(ref rest, out var theirs, out var theirsWeak, out var star)
            && !star && !theirsWeak && theirs.SequenceEqual(etag);
    }

    /// <summary>Reads the next <c>*</c> or <c>[W/]"opaque"</c> element; commas may occur inside the quotes.</summary>
    private static bool TryNext(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> tag, out bool weak, out bool star)
    {
        tag = default;
        weak = false;
        star = false;
        rest = rest.TrimStart(" \t,");
        if (rest.IsEmpty)
        {
            return false;
        }

        if (rest[0] == '*')
        {
            star = true;
            rest = rest[1..];
            return true;
        }

        if (rest.StartsWith("W/", StringComparison.Ordinal))
        {
            weak = true;
            rest = rest[2..];
        }

        var close = rest.Length > 1 && rest[0] == '"' ? rest[1..].IndexOf('"') : -1;
        if (close < 0)
        {
            // Malformed: nothing after it can be trusted to line up.
            rest = [];
            return false;
        }

        tag = rest[..(close + 2)];
        rest = rest[(close + 2)..];
        return true;
    }
}
