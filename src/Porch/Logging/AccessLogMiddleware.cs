using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Porch.Logging;

/// <summary>Writes one Combined Log Format line per request after it completes.</summary>
internal static class AccessLogMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, AccessLogWriter writer, TimeProvider time)
    {
        if (!writer.Enabled)
        {
            await next(context);
            return;
        }

        var start = time.GetUtcNow();
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            var size = context.Response.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "-";
            writer.Write($"{context.Connection.RemoteIpAddress} - - [{start:dd/MMM/yyyy:HH:mm:ss} +0000] \"{request.Method} {request.Path}{request.QueryString} {request.Protocol}\" {context.Response.StatusCode} {size} \"{request.Headers.Referer}\" \"{request.Headers.UserAgent}\"");
        }
    }
}
