using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Porch.Net;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// <c>POST /.porch/tunnel/v1/control</c> on the relay's own domain: one tunnel's life.
/// <list type="number">
/// <item>An HTTP/2 POST, or a WebSocket upgrade over HTTP/1.1 (<see cref="TunnelExchange"/>: the same lines either
/// way); the bearer token must be known (401 bad-token, before any upgrade).</item>
/// <item>The hello must arrive within <see cref="RelaySettings.HelloTimeout"/> and pass <see cref="HelloCheck"/> (400).</item>
/// <item>The registry decides the name (409 name-taken, 429 too-many-tunnels, takeover of the same token's name).</item>
/// <item>200 and the welcome line; then the session's lines (streams asks, a closing line) until the client ends its
/// request, the connection dies (HTTP/2 PINGs, WebSocket pings), or the relay closes the session.</item>
/// </list>
/// A client that sends garbage ends only its own session, with a log line.
/// </summary>
internal sealed class ControlEndpoint(TunnelRegistry registry, ITokenVerifier tokens)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>How long a closed session waits for its client to end the control request (see <see cref="WatchAsync"/>).</summary>
    private static readonly TimeSpan ClosingGrace = TimeSpan.FromSeconds(2);

    private readonly ILogger logger = registry.LoggerFactory.CreateLogger("Porch.Tunnel.Relay");

    public async Task HandleAsync(HttpContext context)
    {
        if (!await TunnelReply.AcceptsAsync(context, "control"))
        {
            return;
        }

        var client = Describe(context);
        var authorization = context.Request.Headers.Authorization.ToString();
        var tokenName = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? tokens.Verify(authorization[BearerPrefix.Length..].Trim())
            : null;
        if (tokenName is null)
        {
            RelayLog.BadToken(logger, client);
            await TunnelReply.RefuseAsync(context, StatusCodes.Status401Unauthorized, TunnelErrorCode.BadToken,
                "the relay does not know this token, or it was revoked; ask the relay's operator for one (porch relay token add NAME)");
            return;
        }

        TunnelReply.LiftLimits(context);
        await using TunnelExchange exchange = WebSocketUpgrade.IsRequest(context) ? await WebSocketExchange.AcceptAsync(context) : new Http2Exchange(context);
        var (hello, refusal) = await ReadHelloAsync(exchange.Input, client, context.RequestAborted);
        if (hello is null)
        {
            await exchange.RefuseAsync(StatusCodes.Status400BadRequest, refusal!);
            return;
        }

        var registration = registry.Register(hello, tokenName, client, exchange.Transport);
        if (registration.Session is not { } session)
        {
            RelayLog.Refused(logger, client, tokenName, registration.Error!.Code, registration.Error.Detail);
            await exchange.RefuseAsync(registration.StatusCode, registration.Error);
            return;
        }

        Task watch = Task.CompletedTask;
        try
        {
            exchange.Accept();
            var settings = registry.Settings;
            await TunnelMessageReader.WriteAsync(exchange.Output,
                new WelcomeMessage(session.Name, session.Url, session.TcpPort, session.Id, settings.ParkedStreams, settings.MaxStreams), context.RequestAborted);
            watch = WatchAsync(exchange.Input, session);
            await foreach (var message in session.Outgoing.ReadAllAsync(context.RequestAborted))
            {
                await TunnelMessageReader.WriteAsync(exchange.Output, message, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            session.Close(null, "the connection to the client was lost");
        }
        finally
        {
            registry.Unregister(session);
            await session.DisposeAsync();
            await watch;
        }
    }

    private async Task<(TunnelHello? Hello, ErrorMessage? Refusal)> ReadHelloAsync(
        System.IO.Pipelines.PipeReader reader, string client, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var helloTimeout = registry.Settings.HelloTimeout;
        timeout.CancelAfter(helloTimeout);
        string problem;
        try
        {
            var message = await TunnelMessageReader.ReadAsync(reader, timeout.Token);
            if (message is HelloMessage hello)
            {
                var checkedHello = HelloCheck.Check(hello, out var error);
                if (checkedHello is null)
                {
                    RelayLog.BadHello(logger, client, error!.Detail);
                }

                return (checkedHello, error);
            }

            problem = message is null
                ? "the request ended before the hello line"
                : $"the first line must be a hello, not a {message.GetType().Name}";
        }
        catch (TunnelProtocolException e)
        {
            problem = e.Message;
        }
        catch (OperationCanceledException)
        {
            problem = $"no hello line within {helloTimeout.TotalSeconds:0.#} s";
        }
        catch (IOException e)
        {
            problem = e.Message;
        }

        RelayLog.BadHello(logger, client, problem);
        return (null, new ErrorMessage(TunnelErrorCode.BadHello, problem));
    }

    /// <summary>
    /// Reads the control request body after the hello: the client sends nothing more, so its end is the client
    /// leaving, and anything else is a protocol error. Either ends the session.
    /// When the relay closes the session, this keeps reading for up to <see cref="ClosingGrace"/>, until the client,
    /// having read the closing line, ends its request: the handler returns only then. Returning at once would leave
    /// the request half-open, and on a relay shutting down Kestrel may close the connection before the closing line
    /// queued on the stream is written (RFC 9113 §8.1 wants the complete response sent before any RST_STREAM).
    /// </summary>
    private async Task WatchAsync(System.IO.Pipelines.PipeReader reader, TunnelSession session)
    {
        using var linger = new CancellationTokenSource();
        using var closing = session.Closed.Register(() => linger.CancelAfter(ClosingGrace));
        try
        {
            var message = await TunnelMessageReader.ReadAsync(reader, linger.Token);
            if (message is null)
            {
                session.Close(null, "the client ended the tunnel");
                return;
            }

            RelayLog.ControlGarbage(logger, session.Name, $"unexpected {message.GetType().Name} on the control stream");
        }
        catch (TunnelProtocolException e)
        {
            RelayLog.ControlGarbage(logger, session.Name, e.Message);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection died or the session was closed by the relay.
        }

        session.Close(null, "the control stream ended");
    }

    private static string Describe(HttpContext context) =>
        ClientAddress.Of(context) is { } address ? new IPEndPoint(address, context.Connection.RemotePort).ToString() : "unknown";
}
