using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
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
    /// Adds the four headers to <paramref name="outgoing"/>. <c>-Proto</c> and <c>-Host</c> describe only the request
    /// Porch received, so whatever the client sent in them is replaced.
    /// </summary>
    /// <remarks>
    /// The outgoing <c>X-Forwarded-For</c> and <c>Forwarded</c> lists are the verified chain of
    /// <see cref="ClientAddress"/>: the real client first, then each trusted proxy it passed through, the one that
    /// connected to Porch last — what each hop would have appended (RFC 7239 §4), so an upstream that trusts Porch
    /// reads the same client Porch logged. Entries left of the real client are dropped: they are claims no trusted hop
    /// vouched for, and an upstream that reads the leftmost entry would otherwise believe a forged one. A trusted
    /// proxy's own PROXY header is not a hop: its source is the client the connection came from.
    /// </remarks>
    public static void Add(HttpContext context, HttpRequestMessage outgoing)
    {
        var request = context.Request;
        var host = request.Headers.Host.ToString();
        var proto = request.IsHttps ? "https" : "http";
        var headers = outgoing.Headers;
        if (context.Features.Get<ClientAddressFeature>() is { } decided)
        {
            AddChain(headers, decided.Chain, proto, host);
        }
        else
        {
            var client = ClientAddress.Of(context);
            var clientText = client?.ToString();
            if (clientText is not null)
            {
                headers.TryAddWithoutValidation(XForwardedFor, clientText);
            }

            headers.TryAddWithoutValidation(Forwarded, Element(client, clientText, proto, host));
        }

        headers.TryAddWithoutValidation(XForwardedProto, proto);
        if (host.Length > 0)
        {
            headers.TryAddWithoutValidation(XForwardedHost, host);
        }
    }

    private static void AddChain(HttpRequestHeaders headers, IReadOnlyList<IPAddress> chain, string proto, string host)
    {
        var forwardedFor = new StringBuilder();
        var forwarded = new StringBuilder();
        for (var i = 0; i < chain.Count; i++)
        {
            var text = chain[i].ToString();
            if (i > 0)
            {
                forwardedFor.Append(", ");
                forwarded.Append(", ");
            }

            forwardedFor.Append(text);
            // Only Porch's own element can say how the request arrived; the earlier hops' parameters are not known.
            forwarded.Append(i == chain.Count - 1 ? Element(chain[i], text, proto, host) : "for=" + Node(chain[i], text));
        }

        headers.TryAddWithoutValidation(XForwardedFor, forwardedFor.ToString());
        headers.TryAddWithoutValidation(Forwarded, forwarded.ToString());
    }

    /// <summary>A node: IPv4 as is, IPv6 bracketed and quoted since ':' and '[' are not token characters (RFC 7239 §6).</summary>
    private static string Node(IPAddress address, string text) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"\"[{text}]\"" : text;

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
