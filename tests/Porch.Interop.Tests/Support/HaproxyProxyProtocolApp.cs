namespace Porch.Tests.Support;

/// <summary>
/// A real HAProxy (<see cref="HaproxyProcess"/>) as the app: an HTTP frontend that takes only connections starting
/// with a PROXY header (<c>bind ... accept-proxy</c>, v1 or v2, told apart by HAProxy itself) and answers every request
/// with the addresses the header carried (<c>%ci:%cp</c> the client, <c>%fi:%fp</c> the address it was sent to).
/// </summary>
internal sealed class HaproxyProxyProtocolApp(HaproxyProcess haproxy) : IAsyncDisposable
{
    public int Port => haproxy.Port;

    /// <summary>Starts haproxy, or skips the test naming the package when it is missing.</summary>
    public static async Task<HaproxyProxyProtocolApp> StartAsync() =>
        new(await HaproxyProcess.StartAsync(port => $"""
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend app
                bind 127.0.0.1:{port} accept-proxy
                http-request return status 200 content-type text/plain lf-string "client=%ci:%cp server=%fi:%fp"
            """));

    public ValueTask DisposeAsync() => haproxy.DisposeAsync();
}
