using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Porch.StaticFiles;

/// <summary>One satisfiable byte range of a representation (RFC 9110 §14.1.2).</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// Reads a Range header against a representation of <paramref name="length"/> bytes. A single range is honoured;
    /// several ranges, other units and invalid syntax are ignored (§14.2 allows it), which sends the whole file — as
    /// nginx does for several ranges — rather than a multipart body.
    /// </summary>
    public static RangeRequest Parse(StringValues header, long length, out ByteRange range)
    {
        range = default;
        if (header.Count != 1)
        {
            return RangeRequest.Ignored;
        }

        var text = header[0].AsSpan().Trim(" \t");
        const string Unit = "bytes=";
        if (!text.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return RangeRequest.Ignored;
        }

        var spec = text[Unit.Length..].Trim(" \t");
        var dash = spec.IndexOf('-');
        if (dash < 0 || spec.Contains(','))
        {
            return RangeRequest.Ignored;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.IsEmpty)
        {
            // suffix-range "-N": the last N bytes; satisfiable if N > 0 (§14.1.1).
            if (!TryDigits(last, out var suffix))
            {
                return RangeRequest.Ignored;
            }

            if (suffix == 0 || length == 0)
            {
                return RangeRequest.Unsatisfiable;
            }

            range = new ByteRange(length - Math.Min(suffix, length), Math.Min(suffix, length));
            return RangeRequest.Satisfiable;
        }

        if (!TryDigits(first, out var start))
        {
            return RangeRequest.Ignored;
        }

        var end = long.MaxValue;
        if (!last.IsEmpty && (!TryDigits(last, out end) || end < start))
        {
            return RangeRequest.Ignored;
        }

        if (start >= length)
        {
            return RangeRequest.Unsatisfiable;
        }

        range = new ByteRange(start, Math.Min(end, length - 1) - start + 1);
        return RangeRequest.Satisfiable;
    }

    /// <summary>1*DIGIT; a value too large for a long is as good as infinite here.</summary>
    private static bool TryDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = long.MaxValue;
        }

        return true;
    }
}
