using System.Diagnostics;

namespace Porch.Tests.Support;

/// <summary>
/// A real nginx serving a folder on 127.0.0.1 with a generated config and its own prefix, in the foreground, so the
/// test owns its lifetime. Also answers a WebSocket-less echo of request headers at /headers for forwarding checks.
/// </summary>
internal sealed class NginxBackend : IAsyncDisposable
{
    private readonly Process process;

    private NginxBackend(Process process, string prefix, int port)
    {
        this.process = process;
        Prefix = prefix;
        Port = port;
    }

    public string Prefix { get; }

    public string Root => Path.Combine(Prefix, "www");

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts nginx, or skips the test naming the package when nginx is missing.</summary>
    public static async Task<NginxBackend> StartAsync(Action<string>? populateRoot = null)
    {
        var nginx = Peer.Require("nginx", "nginx-light");
        var prefix = Directory.CreateTempSubdirectory("porch-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "www"));
        Directory.CreateDirectory(Path.Combine(prefix, "tmp"));
        populateRoot?.Invoke(Path.Combine(prefix, "www"));
        var port = FreePort.Allocate();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log {{prefix}}/access.log;
                client_body_temp_path {{prefix}}/tmp;
                proxy_temp_path {{prefix}}/tmp;
                fastcgi_temp_path {{prefix}}/tmp;
                uwsgi_temp_path {{prefix}}/tmp;
                scgi_temp_path {{prefix}}/tmp;
                types { text/html html; text/css css; application/javascript js; }
                server {
                    listen 127.0.0.1:{{port}};
                    root {{prefix}}/www;
                    location = /headers {
                        default_type text/plain;
                        return 200 "host=$http_host\nxff=$http_x_forwarded_for\nxfp=$http_x_forwarded_proto\nforwarded=$http_forwarded\n";
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(nginx, ["-p", prefix, "-c", config, "-e", Path.Combine(prefix, "error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10));
        }
        catch
        {
            process.Kill();
            throw new InvalidOperationException("nginx did not start: " + await File.ReadAllTextAsync(Path.Combine(prefix, "error.log")));
        }

        return new NginxBackend(process, prefix, port);
    }

    public string AccessLog => File.Exists(Path.Combine(Prefix, "access.log")) ? File.ReadAllText(Path.Combine(Prefix, "access.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(Prefix, recursive: true);
    }
}
