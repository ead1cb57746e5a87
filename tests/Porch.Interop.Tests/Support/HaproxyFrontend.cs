using System.Diagnostics;

namespace Porch.Tests.Support;

/// <summary>
/// A real HAProxy in TCP mode on an allocated loopback port, relaying every connection to one backend server with a
/// PROXY header (<c>send-proxy</c> or <c>send-proxy-v2</c>, plus any <c>proxy-v2-options</c>), connecting from a
/// chosen loopback source address. Generated config, foreground process owned by the test.
/// </summary>
internal sealed class HaproxyFrontend : IAsyncDisposable
{
    private readonly Process process;

    private HaproxyFrontend(Process process, string folder, int port)
    {
        this.process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>Starts haproxy, or skips the test naming the package when it is missing.</summary>
    /// <param name="backendPort"></param>
    /// <param name="serverOptions">What follows the server address: e.g. <c>send-proxy-v2 source 127.0.0.3</c>.</param>
    /// <param name="frontendLines">Extra frontend lines, e.g. a <c>unique-id-format</c>.</param>
    public static async Task<HaproxyFrontend> StartAsync(int backendPort, string serverOptions, string frontendLines = "")
    {
        var haproxy = Peer.Require("haproxy", "haproxy");
        var folder = Directory.CreateTempSubdirectory("porch-haproxy-").FullName;
        var port = FreePort.Allocate();
        var config = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
                maxconn 256
                pidfile {folder}/haproxy.pid
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

            """);
        var check = await Peer.RunAsync(haproxy, ["-c", "-f", config], TimeSpan.FromSeconds(30));
        if (check.Exit != 0)
        {
            throw new InvalidOperationException("haproxy refused the generated config: " + check.Stdout + check.Stderr);
        }

        var start = new ProcessStartInfo(haproxy, ["-db", "-f", config]) { RedirectStandardError = true, RedirectStandardOutput = true };
        var process = Process.Start(start)!;
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10));
        }
        catch
        {
            process.Kill();
            throw new InvalidOperationException("haproxy did not start: " + await process.StandardError.ReadToEndAsync());
        }

        return new HaproxyFrontend(process, folder, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
