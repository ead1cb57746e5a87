namespace Porch.Tunnel.Relay;

/// <summary>
/// A tunnel stream that can end only the relay's direction while the client's keeps flowing, so a public TCP client's
/// half-close (FIN, RFC 9293 §3.6) reaches the app as one. HTTP/2: END_STREAM on the response (RFC 9113 §8.1).
/// </summary>
internal interface IWriteCompletable
{
    ValueTask CompleteWritesAsync();
}
