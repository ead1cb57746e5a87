using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The status page's requests:
/// <list type="number">
/// <item>the Host must be a loopback address or <c>localhost</c>: a page on the web whose name an attacker points at
/// 127.0.0.1 (DNS rebinding) carries its own name in Host and is refused, so it can neither read the tunnel list nor
/// close tunnels;</item>
/// <item>a POST carrying an Origin other than the page's own is refused (a cross-site form can still post to a
/// loopback URL, and browsers always send Origin with it; <c>porch relay token revoke</c> sends none);</item>
/// <item><c>GET /</c> the HTML table, <c>GET /status.json</c> the tunnels as JSON, <c>POST /tokens/NAME/close</c>
/// closes that token's live tunnels.</item>
/// </list>
/// </summary>
internal sealed class RelayStatusApp(ITunnelDirectory directory, TimeProvider time)
{
    public const string StatusPath = "/status.json";
    public const string TokensPrefix = "/tokens/";
    public const string CloseSuffix = "/close";

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsLoopbackHost(request.Host))
        {
            return TextAsync(context, StatusCodes.Status403Forbidden,
                $"The relay status page answers only to a loopback address (such as http://127.0.0.1:{context.Connection.LocalPort}/), not to Host \"{request.Host}\".");
        }

        var path = request.Path.Value ?? "/";
        if (path.StartsWith(TokensPrefix, StringComparison.Ordinal) && path.EndsWith(CloseSuffix, StringComparison.Ordinal))
        {
            return HttpMethods.IsPost(request.Method)
                ? CloseAsync(context, path[TokensPrefix.Length..^CloseSuffix.Length])
                : NotAllowedAsync(context, "POST");
        }

        if (path is not ("/" or StatusPath))
        {
            return TextAsync(context, StatusCodes.Status404NotFound, $"Not found. The status page has / (HTML), {StatusPath} and POST {TokensPrefix}NAME{CloseSuffix}.");
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return NotAllowedAsync(context, "GET");
        }

        var status = new RelayStatusDocument(directory.Domain, time.GetUtcNow(), directory.Snapshot());
        context.Response.Headers.CacheControl = "no-store";
        if (path == StatusPath)
        {
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(status, RelayStatusJsonContext.Default.RelayStatusDocument)).AsTask();
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(RelayStatusPage.Render(status));
    }

    private Task CloseAsync(HttpContext context, string token)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsLoopbackOrigin(origin))
        {
            return TextAsync(context, StatusCodes.Status403Forbidden, $"Cross-site requests cannot close tunnels (Origin \"{origin}\"); use `porch relay token revoke NAME`.");
        }

        token = Uri.UnescapeDataString(token);
        if (TokenStoreName.Problem(token) is { } problem)
        {
            return TextAsync(context, StatusCodes.Status400BadRequest, $"Token NAME {problem}");
        }

        var closed = directory.CloseToken(token, ClosingReason.Revoked);
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new RelayStatusClosed(token, closed), RelayStatusJsonContext.Default.RelayStatusClosed)).AsTask();
    }

    /// <summary>A loopback IP literal (127.0.0.0/8, ::1) or <c>localhost</c>, with any port.</summary>
    public static bool IsLoopbackHost(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host;
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool IsLoopbackOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackHost(new HostString(uri.Authority));

    private static Task NotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return TextAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method not allowed here; use {allow}.");
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n");
    }
}
