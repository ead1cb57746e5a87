using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

/// <summary>
/// The real executable as a child process (<c>dotnet porch.dll ...</c>; the dll is copied next to the test assembly
/// by the project reference), with its standard error and output captured line by line.
/// </summary>
internal sealed partial class PorchProcess : IDisposable
{
    private readonly Process process;

    private PorchProcess(Process process) => this.process = process;

    public SynchronizedStringWriter Stderr { get; } = new();

    public SynchronizedStringWriter Stdout { get; } = new();

    public int Id => process.Id;

    public static PorchProcess Start(string workingDirectory, params string[] args) => StartWrapped([], workingDirectory, args);

    /// <summary>
    /// Starts porch under <paramref name="wrapper"/> (a program and its arguments, e.g. <c>unshare -m sh -c ...</c>),
    /// which receives the dotnet command line after its own arguments; empty runs porch directly.
    /// Either way it starts under <c>env --default-signal=INT</c>: a test suite run as a background job (<c>cmd &amp;</c>
    /// in a script) has SIGINT ignored, children inherit that, and .NET then leaves SIGINT ignored, so Ctrl-C
    /// (<see cref="Interrupt"/>) would do nothing. A terminal's foreground process has SIGINT at its default.
    /// </summary>
    public static PorchProcess StartWrapped(IReadOnlyList<string> wrapper, string workingDirectory, params string[] args)
    {
        // The SDK tells child processes which dotnet runs them; outside `dotnet test`, the one on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in ((string[])["--default-signal=INT", .. wrapper, dotnet]))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "porch.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var porch = new PorchProcess(new Process { StartInfo = start });
        porch.process.ErrorDataReceived += (_, e) => porch.Stderr.WriteLine(e.Data);
        porch.process.OutputDataReceived += (_, e) => porch.Stdout.WriteLine(e.Data);
        porch.process.Start();
        porch.process.BeginErrorReadLine();
        porch.process.BeginOutputReadLine();
        return porch;
    }

    /// <summary>The port of the first <c>http://127.0.0.1:P</c> URL in the startup banner.</summary>
    public async Task<int> WaitForPortAsync()
    {
        var line = await Stderr.WaitForLineAsync(l => LoopbackUrl().IsMatch(l), TimeSpan.FromSeconds(30));
        return int.Parse(LoopbackUrl().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Asks for a graceful stop as a service manager does: SIGTERM (Process.Kill would be SIGKILL).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Ctrl-C as a terminal sends it: SIGINT.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code, or null when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)")]
    private static partial Regex LoopbackUrl();
}
