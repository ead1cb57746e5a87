using System.CommandLine;
using System.Text.RegularExpressions;
using Porch.Cli;
using Porch.Tests.Support;

namespace Porch.Tests.Tunnel.Relay;

/// <summary><c>porch relay</c> run in-process through the real command tree, its output captured, stopped like Ctrl+C.</summary>
internal sealed partial class RelayRun : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();

    private RelayRun(string[] args)
    {
        Exit = Task.Run(() => PorchCli.Create(Out, Err).Parse(args).InvokeAsync(new InvocationConfiguration { Output = Out, Error = Err }, stop.Token));
    }

    public SynchronizedStringWriter Out { get; } = new();

    public SynchronizedStringWriter Err { get; } = new();

    public Task<int> Exit { get; }

    public static RelayRun Start(params string[] args) => new(args);

    /// <summary>Runs a short command (token add, status) to its end; returns its exit code and standard output.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new SynchronizedStringWriter();
        var error = new SynchronizedStringWriter();
        var exit = await PorchCli.Create(output, error).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error })
            .WaitAsync(TimeSpan.FromSeconds(30));
        return (exit, string.Join('\n', output.Lines()), string.Join('\n', error.Lines()));
    }

    /// <summary>The port from the banner line <c>tunnel clients connect to https://DOMAIN:PORT</c>.</summary>
    public async Task<int> PortAsync()
    {
        var line = await Err.WaitForLineAsync(l => l.Contains("tunnel clients connect to", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        return int.Parse(PortPattern().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Exit.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Exit.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // The test already failed or will; a stuck relay must not hide why.
        }

        stop.Dispose();
    }

    [GeneratedRegex(@":(\d+)\s*$")]
    private static partial Regex PortPattern();
}
