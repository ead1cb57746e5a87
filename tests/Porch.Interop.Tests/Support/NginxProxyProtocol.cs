using System.Diagnostics;

namespace Porch.Tests.Support;

/// <summary>
/// A real nginx on 127.0.0.1 and an allocated port that takes only connections starting with a PROXY header
/// (<c>listen ... proxy_protocol</c>, v1 or v2) and answers every request with the addresses the header carried.
/// </summary>
internal sealed class NginxProxyProtocol : IAsyncDisposable
{
    private readonly Process process;

    private NginxProxyProtocol(Process process, string prefix, int port)
    {
        this.process = process;
        Prefix = prefix;
        Port = port;
    }

    public string Prefix { get; }

    public int Port { get; }

    /// <summary>Starts nginx, or skips the test naming the package when it is missing.</summary>
    public static async Task<NginxProxyProtocol> StartAsync()
    {
        var nginx = Peer.Require("nginx", "nginx-light");
        var prefix = Directory.CreateTempSubdirectory("porch-nginx-pp-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "tmp"));
        var port = FreePort.Allocate();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log info;
            events { worker_connections 64; }
            http {
                access_log {{prefix}}/access.log;
                client_body_temp_path {{prefix}}/tmp;
                proxy_temp_path {{prefix}}/tmp;
                fastcgi_temp_path {{prefix}}/tmp;
                uwsgi_temp_path {{prefix}}/tmp;
                scgi_temp_path {{prefix}}/tmp;
                server {
                    listen 127.0.0.1:{{port}} proxy_protocol;
                    location / {
                        default_type text/plain;
                        return 200 "client=$proxy_protocol_addr:$proxy_protocol_port server=$proxy_protocol_server_addr:$proxy_protocol_server_port socket=$remote_addr\n";
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

        return new NginxProxyProtocol(process, prefix, port);
    }

    public string ErrorLog => File.Exists(Path.Combine(Prefix, "error.log")) ? File.ReadAllText(Path.Combine(Prefix, "error.log")) : "";

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
