namespace Porch.Tests.Support;

/// <summary>
/// A real nginx serving a folder on 127.0.0.1 (<see cref="NginxProcess"/>). Also answers an echo of the forwarding
/// request headers at /headers for forwarding checks.
/// </summary>
internal sealed class NginxBackend(NginxProcess nginx) : IAsyncDisposable
{
    public string Prefix => nginx.Prefix;

    public string Root => Path.Combine(Prefix, "www");

    public int Port => nginx.Port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string AccessLog => nginx.AccessLog;

    /// <summary>Starts nginx, or skips the test naming the package when nginx is missing.</summary>
    public static async Task<NginxBackend> StartAsync(Action<string>? populateRoot = null) => new(await NginxProcess.StartAsync(
        (prefix, port) => $$"""
                types { text/html html; text/css css; application/javascript js; }
                server {
                    listen 127.0.0.1:{{port}};
                    root {{prefix}}/www;
                    location = /headers {
                        default_type text/plain;
                        return 200 "host=$http_host\nxff=$http_x_forwarded_for\nxfp=$http_x_forwarded_proto\nforwarded=$http_forwarded\n";
                    }
                }
            """,
        prefix =>
        {
            Directory.CreateDirectory(Path.Combine(prefix, "www"));
            populateRoot?.Invoke(Path.Combine(prefix, "www"));
        }));

    public ValueTask DisposeAsync() => nginx.DisposeAsync();
}
