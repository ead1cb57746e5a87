using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Porch.Net;

namespace Porch.Forwarding;

/// <summary>
/// Tells the upstream who asked and how: the de-facto <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> trio that
/// most frameworks read, and the standard <c>Forwarded</c> header (RFC 7239).
/// </summary>
internal static class ForwardedHeaders
{
    public const string XForwardedFor = "X-Forwarded-For";
    public const string XForwardedProto = "X-Forwarded-Proto";
    public const string XForwardedHost = "X-Forwarded-Host";
    public const string Forwarded = "Forwarded";

    /// <summary>tchar, RFC 9110 §5.6.2.</summary>
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Adds the four headers to <paramref name="outgoing"/>. <c>X-Forwarded-For</c> and <c>Forwarded</c> are lists
    /// each proxy appends to (RFC 7239 §4), so earlier hops' entries are kept; <c>-Proto</c> and <c>-Host</c> describe
    /// only the request Porch received, so whatever the client sent in them is replaced.
    /// </summary>
    public static void Add(HttpContext context, HttpRequestMessage outgoing)
    {
        var request = context.Request;
        var client = ClientAddress.Of(context);
        var clientText = client?.ToString();
        var host = request.Headers.Host.ToString();
        var proto = request.IsHttps ? "https" : "http";

        var headers = outgoing.Headers;
        var priorFor = request.Headers[XForwardedFor];
        if (clientText is not null)
        {
            headers.TryAddWithoutValidation(XForwardedFor, priorFor.Count == 0 ? clientText : $"{priorFor}, {clientText}");
        }
        else if (priorFor.Count > 0)
        {
            headers.TryAddWithoutValidation(XForwardedFor, priorFor.ToString());
        }

        headers.TryAddWithoutValidation(XForwardedProto, proto);
        if (host.Length > 0)
        {
            headers.TryAddWithoutValidation(XForwardedHost, host);
        }

        var element = Element(client, clientText, proto, host);
        var priorForwarded = request.Headers[Forwarded];
        headers.TryAddWithoutValidation(Forwarded, priorForwarded.Count == 0 ? element : $"{priorForwarded}, {element}");
    }

    /// <summary>
    /// One forwarded-element: <c>for=192.0.2.60;proto=http;host=example.com</c>. An IPv6 node is bracketed and the
    /// value quoted, since ':' and '[' are not token characters (§6); an unknown client is <c>for=unknown</c> (§6.2).
    /// </summary>
    public static string Element(IPAddress? client, string? clientText, string proto, string host)
    {
        var text = new DefaultInterpolatedStringHandler(16, 4);
        text.AppendLiteral("for=");
        if (client is null)
        {
            text.AppendLiteral("unknown");
        }
        else if (client.AddressFamily == AddressFamily.InterNetworkV6)
        {
            text.AppendLiteral("\"[");
            text.AppendLiteral(clientText!);
            text.AppendLiteral("]\"");
        }
        else
        {
            text.AppendLiteral(clientText!);
        }

        text.AppendLiteral(";proto=");
        text.AppendLiteral(proto);
        if (host.Length > 0)
        {
            text.AppendLiteral(";host=");
            AppendValue(ref text, host);
        }

        return text.ToStringAndClear();
    }

    /// <summary>A value as a token when it is one, else as a quoted-string (RFC 7239 §4, RFC 9110 §5.6.4).</summary>
    private static void AppendValue(ref DefaultInterpolatedStringHandler text, string value)
    {
        if (IsToken(value))
        {
            text.AppendLiteral(value);
            return;
        }

        text.AppendLiteral("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.AppendLiteral("\\");
            }

            text.AppendFormatted(c);
        }

        text.AppendLiteral("\"");
    }

    private static bool IsToken(string value) => value.Length > 0 && value.AsSpan().IndexOfAnyExcept(TokenChars) < 0;
}
