using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Porch.StaticFiles;

/// <summary>Evaluates conditional requests in the order RFC 9110 §13.2.2 prescribes.</summary>
internal static class Preconditions
{
    /// <param name="headers">The request headers.</param>
    /// <param name="etag">The selected representation's entity tag.</param>
    /// <param name="lastModified">Its modification time, whole seconds (an HTTP-date has no finer precision).</param>
    public static Precondition Evaluate(IHeaderDictionary headers, string etag, DateTimeOffset lastModified)
    {
        // 1. If-Match, strong comparison (§13.1.1); 2. otherwise If-Unmodified-Since (§13.1.4).
        var ifMatch = headers.IfMatch;
        if (ifMatch.Count > 0)
        {
            if (!EntityTags.ListContains(ifMatch, etag, weak: false))
            {
                return Precondition.Failed;
            }
        }
        else if (TryDate(headers.IfUnmodifiedSince, out var unmodifiedSince) && lastModified > unmodifiedSince)
        {
            return Precondition.Failed;
        }

        // 3. If-None-Match, weak comparison (§13.1.2); 4. otherwise If-Modified-Since (§13.1.3). Only GET and HEAD
        // reach here, for which a match means 304.
        var ifNoneMatch = headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            return EntityTags.ListContains(ifNoneMatch, etag, weak: true) ? Precondition.NotModified : Precondition.Proceed;
        }

        return TryDate(headers.IfModifiedSince, out var modifiedSince) && lastModified <= modifiedSince
            ? Precondition.NotModified
            : Precondition.Proceed;
    }

    /// <summary>
    /// Step 5: whether a Range request may be honoured under its If-Range (§13.1.5). An entity-tag must match
    /// strongly; a date must equal Last-Modified exactly. Anything else means "send the whole file".
    /// </summary>
    public static bool RangeAllowed(IHeaderDictionary headers, string etag, DateTimeOffset lastModified)
    {
        var ifRange = headers.IfRange;
        if (ifRange.Count == 0)
        {
            return true;
        }

        var value = ifRange.ToString().AsSpan().Trim();
        if (value.StartsWith("\"", StringComparison.Ordinal) || value.StartsWith("W/", StringComparison.Ordinal))
        {
            return EntityTags.StrongMatch(value, etag);
        }

        return TryDate(ifRange, out var date) && date == lastModified;
    }

    /// <summary>All three HTTP-date forms (§5.6.7); a single value only, anything else is ignored as invalid.</summary>
    private static bool TryDate(Microsoft.Extensions.Primitives.StringValues value, out DateTimeOffset date)
    {
        date = default;
        return value.Count == 1 && HeaderUtilities.TryParseDate(value[0], out date);
    }
}
