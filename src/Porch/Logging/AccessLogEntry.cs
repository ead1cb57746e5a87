using System.Net;
using Microsoft.Extensions.Primitives;

namespace Porch.Logging;

/// <summary>
/// What one access-log line says about a request, captured when the request ends. It only holds references to
/// strings Kestrel already made, so capturing costs no allocation; the text is formatted later, off the request path.
/// </summary>
/// <param name="Client">The client address (%h); null when unknown.</param>
/// <param name="User">The authenticated user (%u); null when not authenticated.</param>
/// <param name="UtcTicks">When the request arrived, as UTC ticks (%t is written in local time).</param>
/// <param name="Method">Request method, first word of %r.</param>
/// <param name="Target">Request target exactly as received (Kestrel's raw target), middle of %r.</param>
/// <param name="Protocol">Protocol, last word of %r, e.g. <c>HTTP/1.1</c>.</param>
/// <param name="Status">Final status (%&gt;s); 499 when the client left before a response started.</param>
/// <param name="BodyBytes">Response body bytes sent (%b).</param>
/// <param name="Referer">The Referer header.</param>
/// <param name="UserAgent">The User-Agent header.</param>
internal readonly record struct AccessLogEntry(
    IPAddress? Client,
    string? User,
    long UtcTicks,
    string Method,
    string Target,
    string Protocol,
    int Status,
    long BodyBytes,
    StringValues Referer,
    StringValues UserAgent)
{
    /// <summary>Fixed part of <see cref="QueueCost"/>: the entry itself plus the queue slot.</summary>
    private const int EntryOverhead = 128;

    /// <summary>
    /// Approximate memory this entry keeps alive while queued (its strings are UTF-16), used to bound the queue in
    /// bytes rather than lines: a client sending 8 KB request targets must not make a stalled disk cost 8 KB per line.
    /// </summary>
    public long QueueCost =>
        EntryOverhead + 2L * (Target.Length + (User?.Length ?? 0) + Length(Referer) + Length(UserAgent));

    private static int Length(StringValues values) => values.Count switch
    {
        0 => 0,
        1 => values[0]?.Length ?? 0,
        _ => SumLengths(values),
    };

    private static int SumLengths(StringValues values)
    {
        var total = 0;
        foreach (var value in values)
        {
            total += (value?.Length ?? 0) + 1;
        }

        return total;
    }
}
