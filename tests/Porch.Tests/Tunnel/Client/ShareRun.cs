using System.CommandLine;
using Porch.Cli;
using Porch.Tests.Support;

namespace Porch.Tests.Tunnel.Client;

/// <summary><c>porch share</c> run in-process through its command, with its output captured and a way to stop it.</summary>
internal sealed class ShareRun : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();

    private ShareRun(Dictionary<string, string> environment, string[] args)
    {
        var input = new PasswordInput(Err, environment.GetValueOrDefault, null);
        var root = new RootCommand { ShareCommand.Create(Out, Err, input, environment.GetValueOrDefault, terminal: false) };
        Exit = Task.Run(() => root.Parse(["share", .. args]).InvokeAsync(new InvocationConfiguration { Output = Out, Error = Err }, stop.Token));
    }

    public SynchronizedStringWriter Out { get; } = new();

    public SynchronizedStringWriter Err { get; } = new();

    public Task<int> Exit { get; }

    public static ShareRun Start(params string[] args) => new([], args);

    public static ShareRun Start(Dictionary<string, string> environment, params string[] args) => new(environment, args);

    public Task<string> WaitForAsync(string text, TimeSpan? timeout = null) =>
        Err.WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Exit.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The test already failed or will; a stuck client must not hide why.
        }

        stop.Dispose();
    }
}
