using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Porch.Forwarding;

/// <summary>Copies the upstream's response head (and trailers) to the client, minus what stops at this hop.</summary>
internal static class ResponseHeaders
{
    /// <summary>
    /// Copies status and end-to-end headers. Returns false when a header cannot be passed on (Kestrel refuses
    /// control or non-ASCII characters in values): the caller answers 502 rather than a half-copied head. With
    /// <paramref name="keepUpgrade"/> a 101 keeps its Upgrade header; Kestrel adds <c>Connection: Upgrade</c> itself.
    /// </summary>
    public static bool TryCopy(HttpResponseMessage source, HttpResponse target, bool keepUpgrade)
    {
        target.StatusCode = (int)source.StatusCode;
        var connection = source.Headers.NonValidated.TryGetValues(HeaderNames.Connection, out var listed) ? listed : default;
        try
        {
            CopyFrom(source.Headers.NonValidated, connection, target.Headers);
            CopyFrom(source.Content.Headers.NonValidated, connection, target.Headers);
            if (keepUpgrade && source.Headers.NonValidated.TryGetValues(HeaderNames.Upgrade, out var upgrade))
            {
                target.Headers.Upgrade = ToStringValues(upgrade);
            }
        }
        catch (InvalidOperationException)
        {
            target.Headers.Clear();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Passes trailers on (RFC 9110 §6.5) where the client's protocol carries them; Kestrel supports them on HTTP/2.
    /// Checked only then, as reading <see cref="HttpResponseMessage.TrailingHeaders"/> allocates.
    /// </summary>
    public static void CopyTrailers(HttpResponseMessage source, HttpResponse target)
    {
        if (!target.SupportsTrailers())
        {
            return;
        }

        foreach (var (name, values) in source.TrailingHeaders.NonValidated)
        {
            if (!HopByHop.Names.Contains(name))
            {
                target.AppendTrailer(name, ToStringValues(values));
            }
        }
    }

    private static void CopyFrom(HttpHeadersNonValidated source, HeaderStringValues connection, IHeaderDictionary target)
    {
        foreach (var (name, values) in source)
        {
            if (HopByHop.Names.Contains(name) || (connection.Count > 0 && IsListed(connection, name)))
            {
                continue;
            }

            target[name] = ToStringValues(values);
        }
    }

    private static bool IsListed(HeaderStringValues connection, string name)
    {
        foreach (var value in connection)
        {
            if (HopByHop.IsListed(value, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One value stays one string (no array); repeated lines such as Set-Cookie stay separate values.</summary>
    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString();
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return array;
    }
}
