namespace Porch.Forwarding;

/// <summary>
/// Finds "." and ".." path segments (RFC 3986 §3.3), also percent-encoded as %2e, in the path of a raw request target.
/// Browsers and HTTP clients resolve them before sending, so a target that still has them is a probe.
/// </summary>
internal static class DotSegments
{
    public static bool In(string target)
    {
        var end = target.IndexOfAny(['?', '#']);
        var path = end < 0 ? target.AsSpan() : target.AsSpan(0, end);
        foreach (var range in path.Split('/'))
        {
            if (IsDots(path[range]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDots(ReadOnlySpan<char> segment)
    {
        var dots = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '.')
            {
                dots++;
            }
            else if (segment[i] == '%' && i + 2 < segment.Length && segment[i + 1] == '2' && (segment[i + 2] is 'e' or 'E'))
            {
                dots++;
                i += 2;
            }
            else
            {
                return false;
            }
        }

        return dots is 1 or 2;
    }
}
