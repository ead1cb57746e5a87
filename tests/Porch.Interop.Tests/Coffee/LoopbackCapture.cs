using System.Diagnostics;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Coffee;

/// <summary>
/// dumpcap capturing one TCP port on the loopback interface into a pcapng file. Stopped with SIGINT so it writes a
/// complete file; an autostop bounds it if a test dies first.
/// </summary>
internal sealed class LoopbackCapture : IAsyncDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<string> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> errors = [];

    private LoopbackCapture(Process process, string file)
    {
        this.process = process;
        File = file;
    }

    public string File { get; }

    /// <summary>Starts capturing; returns null with the reason when dumpcap cannot capture here.</summary>
    public static async Task<(LoopbackCapture? Capture, string? Problem)> StartAsync(string dumpcap, int port, string file)
    {
        var start = new ProcessStartInfo(dumpcap) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-i", "lo", "-f", $"tcp port {port}", "-w", file, "-a", "duration:120" })
        {
            start.ArgumentList.Add(arg);
        }

        var capture = new LoopbackCapture(Process.Start(start)!, file);
        capture.process.ErrorDataReceived += (_, e) => capture.OnError(e.Data);
        capture.process.BeginErrorReadLine();
        capture.process.BeginOutputReadLine();
        var ready = await Task.WhenAny(capture.started.Task, capture.process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (ready == capture.started.Task)
        {
            // dumpcap says "Capturing on" as it opens the interface, a moment before its filter sees packets: a
            // first exchange sent at once was seen missing from the capture on a loaded machine.
            await Task.Delay(TimeSpan.FromSeconds(1));
            return (capture, null);
        }

        var problem = "dumpcap cannot capture on lo: " + string.Join(" ", capture.errors);
        await capture.DisposeAsync();
        return (null, problem);
    }

    /// <summary>Stops the capture and waits until the file is complete.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        // SIGINT lets dumpcap finish the file; the test only ever signals the process it started, by id.
        await Peer.RunAsync("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        process.Dispose();
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (errors)
        {
            errors.Add(line);
        }

        if (line.StartsWith("Capturing on", StringComparison.Ordinal))
        {
            started.TrySetResult(line);
        }
    }
}
