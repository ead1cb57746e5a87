using Microsoft.Extensions.Logging;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// Serves one stream the relay answered: reads the open line, dials the app, replies ready (or failed, with the reason
/// the relay puts in its 502 page) and pumps the bytes until both sides are done. A tcp stream, when the user opted in
/// (<paramref name="proxyProtocol"/> 1 or 2), first gives the app a PROXY header naming the public client.
/// </summary>
internal sealed class TunnelStreamHandler(AppDialer dialer, ILogger logger, int? proxyProtocol = null)
{
    public async Task ServeAsync(TunnelChannel channel, CancellationToken cancellationToken)
    {
        if (await TunnelMessageReader.ReadAsync(channel.Input, cancellationToken) is not StreamOpenMessage open)
        {
            throw new TunnelProtocolException("a stream's first line was not an open message");
        }

        if (open.Kind is not (StreamKind.Http or StreamKind.Tcp))
        {
            await FailAsync(channel, open, $"this client does not serve \"{open.Kind}\" streams", cancellationToken);
            return;
        }

        var tcp = open.Kind == StreamKind.Tcp;
        var (app, failure) = await dialer.DialAsync(raw: tcp, cancellationToken);
        if (app is null)
        {
            await FailAsync(channel, open, failure!, cancellationToken);
            return;
        }

        await using (app)
        {
            if (tcp && proxyProtocol is { } version)
            {
                await app.Stream.WriteAsync(ProxyHeaderOut.For(open, version), cancellationToken);
            }

            await TunnelMessageReader.WriteAsync(channel.Output, new StreamReadyMessage(), cancellationToken);
            ShareLog.StreamReady(logger, open.ClientAddress, open.ClientPort, open.Kind);
            await StreamPump.RunAsync(channel, app, cancellationToken);
        }
    }

    private async Task FailAsync(TunnelChannel channel, StreamOpenMessage open, string failure, CancellationToken cancellationToken)
    {
        ShareLog.StreamFailed(logger, open.ClientAddress, failure);
        await TunnelMessageReader.WriteAsync(channel.Output, new StreamFailedMessage(failure), cancellationToken);
        await channel.CompleteOutputAsync();

        // The relay ends its side once it has read the line; leaving first would reset the stream under it.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TunnelProtocol.ReadyTimeout);
        try
        {
            await channel.Input.CopyToAsync(Stream.Null, wait.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // Gone or silent: the stream is disposed either way.
        }
    }
}
