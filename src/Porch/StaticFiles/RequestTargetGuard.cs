using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Porch.StaticFiles;

/// <summary>
/// Spots traversal attempts in a request path. Kestrel decodes the path once and folds dot-segments away
/// (RFC 3986 §5.2.4), so <c>/a/%2e%2e/b</c> reaches a handler as a harmless <c>/b</c>: only the raw request target
/// still shows the attempt. Porch refuses such requests outright rather than serving what the normalised path names,
/// and checks the decoded path too, in case a request arrives by a route that did not normalise it.
/// </summary>
internal static class RequestTargetGuard
{
    /// <summary>Bytes of stack for decoding one segment; a longer segment decodes into a pooled buffer.</summary>
    private const int StackSegmentBytes = 512;

    private static readonly SearchValues<char> Unusual = SearchValues.Create("%\\");

    /// <summary>Inspects the raw request target (origin-form or absolute-form, query ignored) segment by segment.</summary>
    public static PathProblem InspectRawTarget(ReadOnlySpan<char> target)
    {
        var path = PathOf(target);
        foreach (var range in path.Split('/'))
        {
            var problem = InspectRawSegment(path[range]);
            if (problem != PathProblem.None)
            {
                return problem;
            }
        }

        return PathProblem.None;
    }

    /// <summary>Inspects one segment of an already decoded path (what Kestrel hands the handler).</summary>
    public static PathProblem InspectDecodedSegment(ReadOnlySpan<char> segment)
    {
        if (segment is "." or "..")
        {
            return PathProblem.DotSegment;
        }

        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            var problem = c switch
            {
                '\0' => PathProblem.NulByte,
                '\\' => PathProblem.Backslash,
                < ' ' or '\x7f' => PathProblem.ControlCharacter,
                '\uFFFD' => PathProblem.InvalidUtf8,
                '%' when TryHex(segment, i, out var value) => value is '/' or '\\' ? PathProblem.EncodedSeparator : PathProblem.DoubleEncoding,
                _ => PathProblem.None,
            };
            if (problem != PathProblem.None)
            {
                return problem;
            }
        }

        return PathProblem.None;
    }

    private static PathProblem InspectRawSegment(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOfAny(Unusual) < 0)
        {
            // The common case: nothing encoded, so the segment is what it says.
            return InspectDecodedSegment(raw);
        }

        // Decoding never lengthens ASCII; a non-ASCII character takes at most three UTF-8 bytes per UTF-16 unit.
        byte[]? rented = null;
        var buffer = raw.Length * 3 <= StackSegmentBytes
            ? stackalloc byte[StackSegmentBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(raw.Length * 3));
        try
        {
            return InspectDecodedBytes(buffer[..Decode(raw, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static PathProblem InspectDecodedBytes(ReadOnlySpan<byte> decoded)
    {
        if (decoded is [(byte)'.'] or [(byte)'.', (byte)'.'])
        {
            return PathProblem.DotSegment;
        }

        for (var i = 0; i < decoded.Length; i++)
        {
            var problem = decoded[i] switch
            {
                0 => PathProblem.NulByte,
                (byte)'/' => PathProblem.EncodedSeparator,
                (byte)'\\' => PathProblem.Backslash,
                < 0x20 or 0x7f => PathProblem.ControlCharacter,
                (byte)'%' when i + 2 < decoded.Length && IsHex(decoded[i + 1]) && IsHex(decoded[i + 2]) => PathProblem.DoubleEncoding,
                _ => PathProblem.None,
            };
            if (problem != PathProblem.None)
            {
                return problem;
            }
        }

        // Strict UTF-8 has no overlong forms, so %c0%ae ('.' in two bytes) fails here (RFC 3629 §3).
        return Utf8.IsValid(decoded) ? PathProblem.None : PathProblem.InvalidUtf8;
    }

    /// <summary>Percent-decodes once (RFC 3986 §2.1); a '%' not followed by two hex digits stays literal.</summary>
    private static int Decode(ReadOnlySpan<char> raw, Span<byte> output)
    {
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && TryHex(raw, i, out var value))
            {
                output[length++] = (byte)value;
                i += 2;
            }
            else if (raw[i] < 0x80)
            {
                output[length++] = (byte)raw[i];
            }
            else
            {
                // A raw non-ASCII character (HTTP/2 or a lenient client), already text: keep it as its UTF-8 bytes.
                var count = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length ? 2 : 1;
                length += Encoding.UTF8.GetBytes(raw.Slice(i, count), output[length..]);
                i += count - 1;
            }
        }

        return length;
    }

    private static ReadOnlySpan<char> PathOf(ReadOnlySpan<char> target)
    {
        // Absolute-form (RFC 9112 §3.2.2): skip "scheme://authority".
        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (target.Length > 0 && target[0] != '/' && scheme >= 0)
        {
            target = target[(scheme + 3)..];
            var slash = target.IndexOf('/');
            target = slash < 0 ? [] : target[slash..];
        }

        var end = target.IndexOfAny('?', '#');
        return end < 0 ? target : target[..end];
    }

    private static bool TryHex(ReadOnlySpan<char> text, int percent, out char value)
    {
        value = '\0';
        if (percent + 2 >= text.Length)
        {
            return false;
        }

        var high = HexValue(text[percent + 1]);
        var low = HexValue(text[percent + 2]);
        if (high < 0 || low < 0)
        {
            return false;
        }

        value = (char)((high << 4) | low);
        return true;
    }

    private static bool IsHex(byte b) => HexValue((char)b) >= 0;

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
