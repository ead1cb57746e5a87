namespace Porch.Tests.Support;

/// <summary>
/// A real nginx (<see cref="NginxProcess"/>) that takes only connections starting with a PROXY header
/// (<c>listen ... proxy_protocol</c>, v1 or v2) and answers every request with the addresses the header carried.
/// </summary>
internal sealed class NginxProxyProtocol(NginxProcess nginx) : IAsyncDisposable
{
    public int Port => nginx.Port;

    public string ErrorLog => nginx.ErrorLog;

    /// <summary>Starts nginx, or skips the test naming the package when it is missing.</summary>
    public static async Task<NginxProxyProtocol> StartAsync() => new(await NginxProcess.StartAsync((_, port) => $$"""
                server {
                    listen 127.0.0.1:{{port}} proxy_protocol;
                    location / {
                        default_type text/plain;
                        return 200 "client=$proxy_protocol_addr:$proxy_protocol_port server=$proxy_protocol_server_addr:$proxy_protocol_server_port socket=$remote_addr\n";
                    }
                }
            """));

    public ValueTask DisposeAsync() => nginx.DisposeAsync();
}
