using System.Diagnostics;

namespace Porch.Tests.Forwarding;

/// <summary>Samples this process's working set while work runs, to show a transfer did not hold its payload in memory.</summary>
internal sealed class MemoryWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private readonly long baseline;
    private long peak;

    private MemoryWatch()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        baseline = WorkingSet();
        peak = baseline;
        sampling = SampleAsync();
    }

    /// <summary>Highest working set seen above the baseline taken at the start, in bytes.</summary>
    public long PeakGrowth => Interlocked.Read(ref peak) - baseline;

    public static MemoryWatch Start() => new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private async Task SampleAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var now = WorkingSet();
            if (now > Interlocked.Read(ref peak))
            {
                Interlocked.Exchange(ref peak, now);
            }

            try
            {
                await Task.Delay(25, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
