using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Porch.Forwarding;

/// <summary>
/// A request that leaves HTTP for another protocol (WebSockets above all), carried across whatever HTTP versions
/// the client and the upstream speak:
/// <list type="bullet">
/// <item>HTTP/1.1 → HTTP/1.1: the WebSocket Upgrade handshake passes through. Other Upgrade tokens (h2c, TLS/1.0...)
/// are not offered: the tunnel they open would carry requests past Porch's routing, limits and access log, so such a
/// request is forwarded as an ordinary one without its Upgrade (RFC 9110 §7.8 lets a server ignore Upgrade).</item>
/// <item>HTTP/2 → HTTP/1.1: the extended CONNECT (RFC 8441) becomes an Upgrade; Porch is the WebSocket client towards
/// the app, so it makes the Sec-WebSocket-Key and checks the Sec-WebSocket-Accept (RFC 6455 §4.1).</item>
/// <item>HTTP/1.1 → HTTP/2 (h2c upstream): the Upgrade becomes an extended CONNECT; Porch answers the client's key.</item>
/// <item>HTTP/2 → HTTP/2: the extended CONNECT passes through.</item>
/// </list>
/// Only WebSockets cross versions: RFC 8441 defines the mapping for them alone.
/// </summary>
internal sealed class ProtocolUpgrade
{
    private const string WebSocket = "websocket";

    /// <summary>RFC 6455 §1.3: the GUID hashed with the key to prove a WebSocket server understood the handshake.</summary>
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly UpgradeKind kind;
    private readonly string protocol;
    private readonly bool upstreamHttp2;
    private string? upstreamKey;

    private ProtocolUpgrade(UpgradeKind kind, string protocol, bool upstreamHttp2)
    {
        this.kind = kind;
        this.protocol = protocol;
        this.upstreamHttp2 = upstreamHttp2;
    }

    /// <summary>The protocol asked for: <c>websocket</c>, or another extended CONNECT protocol.</summary>
    public string Protocol => protocol;

    /// <summary>Whether this upgrade can be offered to the upstream (see the class comment), else it is answered 502.</summary>
    public bool CanForward => string.Equals(protocol, WebSocket, StringComparison.OrdinalIgnoreCase);

    private bool ClientHttp2 => kind == UpgradeKind.ExtendedConnect;

    /// <summary>The upgrade the client asks for, or null for an ordinary request (the common case costs two checks).</summary>
    public static ProtocolUpgrade? Detect(HttpContext context, bool upstreamHttp2)
    {
        var request = context.Request;
        if (HttpMethods.IsConnect(request.Method))
        {
            return context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: { } connectProtocol }
                ? new ProtocolUpgrade(UpgradeKind.ExtendedConnect, connectProtocol, upstreamHttp2)
                : null;
        }

        return request.Headers.Upgrade.Count > 0 && OffersWebSocket(request.Headers.Upgrade)
            && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
            ? new ProtocolUpgrade(UpgradeKind.Http11, WebSocket, upstreamHttp2)
            : null;
    }

    /// <summary>Whether the Upgrade list (RFC 9110 §7.8: comma-separated protocol[/version] tokens) names websocket.</summary>
    private static bool OffersWebSocket(StringValues upgrade)
    {
        foreach (var value in upgrade)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(token, WebSocket, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Sets the method, version and headers of the outgoing handshake. Upgrades carry no request body.</summary>
    public void Prepare(HttpRequest request, HttpRequestMessage outgoing)
    {
        outgoing.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        if (upstreamHttp2)
        {
            outgoing.Method = HttpMethod.Connect;
            outgoing.Version = HttpVersion.Version20;
            outgoing.Headers.Protocol = protocol;
            RequestHeaders.Copy(request, outgoing, skip: HeaderNames.SecWebSocketKey);
            return;
        }

        outgoing.Method = HttpMethod.Get;
        outgoing.Version = HttpVersion.Version11;
        RequestHeaders.Copy(request, outgoing);
        outgoing.Headers.TryAddWithoutValidation(HeaderNames.Connection, HeaderNames.Upgrade);
        outgoing.Headers.TryAddWithoutValidation(HeaderNames.Upgrade, protocol);
        if (ClientHttp2)
        {
            upstreamKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            outgoing.Headers.TryAddWithoutValidation(HeaderNames.SecWebSocketKey, upstreamKey);
        }
    }

    /// <summary>The upstream took the upgrade: 101 on HTTP/1.1, 200 to an extended CONNECT on HTTP/2.</summary>
    public bool IsAccepted(HttpResponseMessage response) =>
        response.StatusCode == (upstreamHttp2 ? HttpStatusCode.OK : HttpStatusCode.SwitchingProtocols);

    /// <summary>
    /// A refusal is passed on as an ordinary response, except a 2xx to an HTTP/2 client: that would tell it the
    /// tunnel is open (RFC 8441 §5).
    /// </summary>
    public bool CanPassRefusal(HttpResponseMessage response) => !(ClientHttp2 && (int)response.StatusCode is >= 200 and < 300);

    /// <summary>Answers the client's handshake, upgrades its connection and pumps bytes both ways until one side ends.</summary>
    public async ValueTask<ForwardingFailure?> TunnelAsync(HttpContext context, HttpResponseMessage response, ForwardingDeadline deadline)
    {
        var target = context.Response;
        if (!ResponseHeaders.TryCopy(response, target, keepUpgrade: !ClientHttp2 && !upstreamHttp2))
        {
            return FailureClassifier.Of(ForwarderError.UpgradeFailed, "handshake headers Porch cannot pass on");
        }

        if (ClientHttp2 && !upstreamHttp2)
        {
            if (!string.Equals(target.Headers.SecWebSocketAccept, AcceptFor(upstreamKey!), StringComparison.Ordinal))
            {
                target.Headers.Clear();
                return FailureClassifier.Of(ForwarderError.UpgradeFailed, "wrong Sec-WebSocket-Accept");
            }

            target.Headers.Remove(HeaderNames.SecWebSocketAccept);
            target.Headers.Remove(HeaderNames.Upgrade);
        }
        else if (!ClientHttp2 && upstreamHttp2)
        {
            target.Headers.Upgrade = protocol;
            target.Headers.SecWebSocketAccept = AcceptFor(context.Request.Headers.SecWebSocketKey.ToString());
        }

        target.StatusCode = ClientHttp2 ? StatusCodes.Status200OK : StatusCodes.Status101SwitchingProtocols;
        Stream upstream, client;
        try
        {
            upstream = await response.Content.ReadAsStreamAsync(deadline.Token);
            client = ClientHttp2
                ? await context.Features.GetRequiredFeature<IHttpExtendedConnectFeature>().AcceptAsync()
                : await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
        }
        catch (Exception)
        {
            return FailureClassifier.Of(ForwarderError.ClientAborted, "the client left during the upgrade");
        }

        await using (upstream)
        await using (client)
        {
            await DuplexPump.RunAsync(client, upstream, deadline);
        }

        return null;
    }

    /// <summary>Sec-WebSocket-Accept for a key (RFC 6455 §4.2.2). SHA-1 is what the handshake mandates, not a security choice.</summary>
    internal static string AcceptFor(string key)
    {
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for this check; it protects nothing secret.
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
#pragma warning restore CA5350
    }
}
