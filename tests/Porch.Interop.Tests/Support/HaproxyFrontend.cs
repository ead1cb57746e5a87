namespace Porch.Tests.Support;

/// <summary>
/// A real HAProxy (<see cref="HaproxyProcess"/>) in TCP mode, relaying every connection to one backend server with a
/// PROXY header (<c>send-proxy</c> or <c>send-proxy-v2</c>, plus any <c>proxy-v2-options</c>), connecting from a
/// chosen loopback source address.
/// </summary>
internal sealed class HaproxyFrontend(HaproxyProcess haproxy) : IAsyncDisposable
{
    public string Folder => haproxy.Folder;

    public int Port => haproxy.Port;

    /// <summary>Starts haproxy, or skips the test naming the package when it is missing.</summary>
    /// <param name="backendPort">The port of the server behind it, on 127.0.0.1.</param>
    /// <param name="serverOptions">What follows the server address: e.g. <c>send-proxy-v2 source 127.0.0.3</c>.</param>
    /// <param name="frontendLines">Extra frontend lines, e.g. a <c>unique-id-format</c>.</param>
    public static async Task<HaproxyFrontend> StartAsync(int backendPort, string serverOptions, string frontendLines = "") =>
        new(await HaproxyProcess.StartAsync(port => $"""
            defaults
                mode tcp
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend clients
                bind 127.0.0.1:{port}
                {frontendLines}
                default_backend porch
            backend porch
                server porch 127.0.0.1:{backendPort} {serverOptions}
            """));

    public ValueTask DisposeAsync() => haproxy.DisposeAsync();
}
