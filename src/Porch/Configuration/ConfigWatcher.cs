using System.Runtime.InteropServices;

namespace Porch.Configuration;

/// <summary>
/// Calls back when the config file changes on disk (editors save in bursts: write, rename, chmod, so changes are
/// debounced) or when the process gets SIGHUP, as nginx and HAProxy users expect.
/// </summary>
internal sealed class ConfigWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);
    private readonly FileSystemWatcher watcher;
    private readonly PosixSignalRegistration? hangup;
    private readonly Timer timer;

    public ConfigWatcher(string path, Action changed)
    {
        var full = Path.GetFullPath(path);
        timer = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);
        watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Schedule();
        watcher.Created += (_, _) => Schedule();
        watcher.Renamed += (_, _) => Schedule();
        watcher.EnableRaisingEvents = true;
        if (!OperatingSystem.IsWindows())
        {
            hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Schedule();
            });
        }
    }

    public void Dispose()
    {
        watcher.Dispose();
        hangup?.Dispose();
        timer.Dispose();
    }

    private void Schedule() => timer.Change(Debounce, Timeout.InfiniteTimeSpan);
}
