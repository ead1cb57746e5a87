using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Porch.Net;

namespace Porch.Logging;

/// <summary>
/// Captures one access-log entry per request when the application is done with it, and hands it to the
/// <see cref="AccessLogWriter"/>; formatting and disk I/O happen on the writer's background task.
/// </summary>
/// <remarks>
/// The hot path allocates nothing of its own: the entry is a struct of references to strings Kestrel already made,
/// the byte counter is reused per connection, and a request that completes synchronously needs no async state
/// machine. When the log is off, the request goes straight to <c>next</c>.
/// </remarks>
internal static class AccessLogMiddleware
{
    /// <summary>nginx's "client closed request": the client went away before a response started.</summary>
    public const int StatusClientClosedRequest = 499;

    public static Task InvokeAsync(HttpContext context, RequestDelegate next, AccessLogWriter writer, TimeProvider time)
    {
        if (!writer.Enabled)
        {
            return next(context);
        }

        var start = time.GetUtcNow().UtcTicks;
        var body = CountingResponseBody.Install(context.Features);
        Task running;
        try
        {
            running = next(context);
        }
        catch
        {
            Log(context, body, writer, start, failed: true);
            throw;
        }

        if (running.IsCompletedSuccessfully)
        {
            Log(context, body, writer, start, failed: false);
            return Task.CompletedTask;
        }

        return LogWhenDoneAsync(running, context, body, writer, start);
    }

    private static async Task LogWhenDoneAsync(Task running, HttpContext context, CountingResponseBody body, AccessLogWriter writer, long start)
    {
        var failed = true;
        try
        {
            await running;
            failed = false;
        }
        finally
        {
            Log(context, body, writer, start, failed);
        }
    }

    private static void Log(HttpContext context, CountingResponseBody body, AccessLogWriter writer, long start, bool failed)
    {
        body.Uninstall(context.Features);
        var request = context.Request;
        var headers = request.Headers;
        writer.Write(new AccessLogEntry(
            ClientAddress.Of(context),
            UserName(context),
            start,
            request.Method,
            context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/",
            request.Protocol,
            Status(context, failed),
            // Kestrel discards a body written in answer to HEAD (RFC 9110 §9.3.2), so none was sent.
            HttpMethods.IsHead(request.Method) ? 0 : body.BytesSent,
            headers.Referer,
            headers.UserAgent));
    }

    private static string? UserName(HttpContext context)
    {
        // Not context.User: its getter creates an empty principal for every request that has none.
        var identity = context.Features.Get<IHttpAuthenticationFeature>()?.User?.Identity;
        return identity is { IsAuthenticated: true } ? identity.Name : null;
    }

    /// <summary>
    /// The status as nginx logs it: what was sent if the response started; 499 if the client left before that;
    /// 500 if the application failed before that (Kestrel answers 500); otherwise the status about to be sent.
    /// </summary>
    private static int Status(HttpContext context, bool failed)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return response.StatusCode;
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return StatusClientClosedRequest;
        }

        return failed ? StatusCodes.Status500InternalServerError : response.StatusCode;
    }
}
