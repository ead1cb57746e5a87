namespace Porch.Tunnel.Relay;

/// <summary>
/// A stream request a tunnel client sent and the relay has not answered yet, whatever carries it: an HTTP/2 request
/// (<see cref="ParkedRequest"/>) or a WebSocket (<see cref="WebSocketParked"/>). The pool only needs these three callbacks.
/// </summary>
/// <param name="Answer">Answers the request so it becomes a stream (HTTP/2: status 200 sent); returns its bytes both ways. Disposing that stream ends it.</param>
/// <param name="Dismiss">Answers the request without using it (HTTP/2: 204; WebSocket: the closing handshake), so the client parks a fresh one.</param>
/// <param name="Abort">Breaks the stream at once (HTTP/2: RST_STREAM), for idle timeouts and a tunnel that closes.</param>
/// <param name="ParkedAt">When it arrived (a <see cref="TimeProvider"/> timestamp), for the parked idle timeout.</param>
/// <param name="Gone">Cancelled when the client gave up the request (its connection died).</param>
internal sealed record ParkedStream(
    Func<CancellationToken, ValueTask<Stream>> Answer,
    Func<ValueTask> Dismiss,
    Action Abort,
    long ParkedAt,
    CancellationToken Gone);
