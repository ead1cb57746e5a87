using System.Diagnostics;

namespace Porch.Tests.Support;

/// <summary>
/// A real HAProxy in the foreground (<c>-db</c>) with a generated config in its own folder, listening on an allocated
/// 127.0.0.1 port, so the test owns its lifetime: the shared part of every HAProxy the tests start. Callers give only
/// what is theirs: the sections after <c>global</c>.
/// </summary>
internal sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process process;

    private HaproxyProcess(Process process, string folder, int port)
    {
        this.process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>
    /// Starts haproxy, or skips the test naming the package when it is missing. <paramref name="sections"/> gets the
    /// allocated port and returns the config after <c>global</c> (defaults, frontends, backends); the config is checked
    /// with <c>haproxy -c</c> first, so a mistake in it fails with HAProxy's own words.
    /// </summary>
    public static async Task<HaproxyProcess> StartAsync(Func<int, string> sections)
    {
        var haproxy = Peer.Require("haproxy", "haproxy");
        var folder = Directory.CreateTempSubdirectory("porch-haproxy-").FullName;
        var port = FreePort.Allocate();
        var config = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
                maxconn 256
                pidfile {folder}/haproxy.pid
            {sections(port)}

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

        return new HaproxyProcess(process, folder, port);
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.StopAsync(process);
        Directory.Delete(Folder, recursive: true);
    }
}
