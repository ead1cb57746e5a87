using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// One connection's life with the relay:
/// <list type="number">
/// <item>open the control stream with the token and the hello; a refusal is one error line (permanent: stop; else retry);</item>
/// <item>read the welcome: the tunnel is online; park <see cref="WelcomeMessage.ParkedStreams"/> stream requests;</item>
/// <item>read control lines until the end: <see cref="StreamsMessage"/> parks more, <see cref="ClosingMessage"/> says
/// whether to come back; a lost connection (PING timeout, reset) means retry;</item>
/// <item>then cancel every parked and open stream of this connection.</item>
/// </list>
/// </summary>
internal sealed class ShareSession(ShareSettings settings, ITunnelTransport transport, ShareReporter reporter, ILogger logger)
{
    public async Task<SessionEnd> RunAsync(Action<string> online, CancellationToken cancellationToken)
    {
        TunnelChannel control;
        try
        {
            control = await transport.OpenControlAsync(settings.Token, settings.Hello, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException tls)
        {
            return SessionEnd.Stop(
                $"the relay's certificate is not trusted ({tls.Message}); if the relay uses its own CA, pass its root with --ca ROOT.pem; stopping",
                wasOnline: false);
        }
        catch (Exception e) when (IsConnectionProblem(e) && !cancellationToken.IsCancellationRequested)
        {
            return SessionEnd.Retry(Describe(e), wasOnline: false);
        }

        await using (control)
        {
            if (control.Status != (int)HttpStatusCode.OK)
            {
                return await RefusedAsync(control, cancellationToken);
            }

            using var streams = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var parked = (ParkedStreams?)null;
            var wasOnline = false;
            try
            {
                var first = await TunnelMessageReader.ReadAsync(control.Input, cancellationToken);
                if (first is ErrorMessage refusal)
                {
                    // Over WebSockets the upgrade already answered 101: a refusal is the error line in place of the welcome.
                    return Refused(refusal, control.Status);
                }

                if (first is not WelcomeMessage welcome)
                {
                    return SessionEnd.Retry("the relay did not send a welcome", wasOnline);
                }

                wasOnline = true;
                online(welcome.Name);
                reporter.Online(welcome.Url, settings.Hello.Target, settings.GuestPassword,
                    welcome.TcpPort is { } tcpPort ? $"tcp://{settings.Relay.Host}:{tcpPort}" : null);
                var handler = new TunnelStreamHandler(new AppDialer(settings.Target, ShareSettings.ConnectTimeout), logger, settings.ProxyProtocol);
                parked = new ParkedStreams(transport, welcome.Session, handler, logger, streams.Token);
                parked.Park(welcome.ParkedStreams > 0 ? welcome.ParkedStreams : TunnelProtocol.DefaultParkedStreams);
                return await FollowAsync(control, parked, welcome.Name, cancellationToken);
            }
            catch (Exception e) when ((IsConnectionProblem(e) || e is TunnelProtocolException) && !cancellationToken.IsCancellationRequested)
            {
                return SessionEnd.Retry(Describe(e), wasOnline);
            }
            finally
            {
                await streams.CancelAsync();
                if (parked is not null)
                {
                    await parked.DrainAsync();
                }
            }
        }
    }

    private static async Task<SessionEnd> FollowAsync(TunnelChannel control, ParkedStreams parked, string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (await TunnelMessageReader.ReadAsync(control.Input, cancellationToken))
            {
                case null:
                    return SessionEnd.Retry("the relay ended the tunnel", wasOnline: true);
                case StreamsMessage more:
                    parked.Park(Math.Clamp(more.Count, 0, TunnelProtocol.DefaultMaxStreams));
                    break;
                case ClosingMessage { Reason: ClosingReason.Revoked }:
                    return SessionEnd.Stop("the relay revoked this token; stopping", wasOnline: true);
                case ClosingMessage { Reason: ClosingReason.Replaced }:
                    return SessionEnd.Stop($"another client with this token took over {name}; stopping", wasOnline: true);
                case ClosingMessage closing when ClosingReason.Reconnects(closing.Reason):
                    return SessionEnd.Retry(closing.Reason == ClosingReason.Shutdown ? "the relay is shutting down" : closing.Detail, wasOnline: true);
                case ClosingMessage closing:
                    return SessionEnd.Stop($"the relay closed the tunnel ({closing.Detail}); stopping", wasOnline: true);
                default:
                    // A newer relay may send lines this client does not know yet; they are not for it.
                    break;
            }
        }
    }

    /// <summary>The relay said no: its error line decides between stopping and trying again.</summary>
    private static async Task<SessionEnd> RefusedAsync(TunnelChannel control, CancellationToken cancellationToken)
    {
        ErrorMessage? error = null;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TunnelProtocol.HelloTimeout);
            error = await TunnelMessageReader.ReadAsync(control.Input, wait.Token) as ErrorMessage;
        }
        catch (Exception e) when ((IsConnectionProblem(e) || e is TunnelProtocolException) && !cancellationToken.IsCancellationRequested)
        {
            // No readable error line: the status alone decides below.
        }

        return Refused(error, control.Status);
    }

    /// <summary>The relay's error line decides between stopping and trying again; without one, its status does.</summary>
    private static SessionEnd Refused(ErrorMessage? error, int status)
    {
        if (error is not null)
        {
            var end = TunnelErrorCode.IsPermanent(error.Code)
                ? SessionEnd.Stop($"the relay refused the tunnel: {error.Detail} ({error.Code}); stopping", wasOnline: false)
                : SessionEnd.Retry($"{error.Detail} ({error.Code})", wasOnline: false);
            return end with { RefusalCode = error.Code };
        }

        // 429 and 5xx are passing conditions (a proxy in front of a restarting relay); any other status means the URL
        // is not a Porch relay's, which waiting will not fix.
        return status is 408 or 429 or >= 500
            ? SessionEnd.Retry($"the relay answered {status}", wasOnline: false)
            : SessionEnd.Stop($"the relay answered {status} without a tunnel error; is --relay the address of a porch relay? stopping", wasOnline: false);
    }

    private static bool IsConnectionProblem(Exception e) =>
        e is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException;

    /// <summary>A few words for the "lost the relay (...)" line.</summary>
    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: System.Net.Sockets.SocketException s } =>
            s.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused ? "connection refused" : s.Message,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the relay's name does not resolve",
        HttpRequestException { InnerException: HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } } => "the connection ended",
        HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection ended",
        HttpProtocolException p => $"HTTP/2 error {p.ErrorCode}",
        OperationCanceledException or TimeoutException => "timed out",
        _ => e.Message.TrimEnd('.'),
    };
}
