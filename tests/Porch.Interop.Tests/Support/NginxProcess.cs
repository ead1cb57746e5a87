using System.Diagnostics;

namespace Porch.Tests.Support;

/// <summary>
/// A real nginx in the foreground with its own prefix folder and a generated config on an allocated 127.0.0.1 port,
/// so the test owns its lifetime: the shared part of every nginx the tests start. Callers give only what is theirs:
/// the directives inside <c>http { }</c> (their <c>server</c> block and anything it needs).
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process process;

    private NginxProcess(Process process, string prefix, int port)
    {
        this.process = process;
        Prefix = prefix;
        Port = port;
    }

    public string Prefix { get; }

    public int Port { get; }

    public string AccessLog => ReadLog("access.log");

    public string ErrorLog => ReadLog("error.log");

    /// <summary>
    /// Starts nginx, or skips the test naming the package when it is missing. <paramref name="prepare"/> gets the prefix
    /// before the config is written (to add files the config names); <paramref name="http"/> gets the prefix and the
    /// port and returns the directives inside <c>http { }</c>.
    /// </summary>
    public static async Task<NginxProcess> StartAsync(Func<string, int, string> http, Action<string>? prepare = null)
    {
        var nginx = Peer.Require("nginx", "nginx-light");
        var prefix = Directory.CreateTempSubdirectory("porch-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "tmp"));
        prepare?.Invoke(prefix);
        var port = FreePort.Allocate();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{prefix}}/access.log;
                client_body_temp_path {{prefix}}/tmp;
                proxy_temp_path {{prefix}}/tmp;
                fastcgi_temp_path {{prefix}}/tmp;
                uwsgi_temp_path {{prefix}}/tmp;
                scgi_temp_path {{prefix}}/tmp;
            {{http(prefix, port)}}
            }
            """);
        var start = new ProcessStartInfo(nginx, ["-p", prefix, "-c", config, "-e", Path.Combine(prefix, "error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var started = new NginxProcess(process, prefix, port);
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10));
        }
        catch
        {
            var log = started.ErrorLog;
            await started.DisposeAsync();
            throw new InvalidOperationException("nginx did not start: " + log);
        }

        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.StopAsync(process);
        Directory.Delete(Prefix, recursive: true);
    }

    private string ReadLog(string name) => File.Exists(Path.Combine(Prefix, name)) ? File.ReadAllText(Path.Combine(Prefix, name)) : "";
}
