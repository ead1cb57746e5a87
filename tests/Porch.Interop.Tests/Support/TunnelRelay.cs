using System.Globalization;
using Porch.Tests.Hosting;

namespace Porch.Tests.Support;

/// <summary>
/// <c>porch relay --domain localhost --tls internal</c> as a real child process on 127.0.0.1 and an allocated port,
/// with its own state folder (tokens, names, the local CA). Can be killed and started again on the same port and
/// state, and runs the relay's other commands (<c>token add</c>, <c>token revoke</c>, <c>ca export</c>) on that state.
/// </summary>
internal sealed class TunnelRelay : IAsyncDisposable
{
    private readonly TempDirectory state = new("porch-relay-");
    private PorchProcess? process;

    private TunnelRelay(int port) => Port = port;

    public int Port { get; }

    public string StatePath => state.Path;

    /// <summary>The exported root of the relay's local CA, for <c>--ca</c> and <c>curl --cacert</c>.</summary>
    public string RootPem => state.File("root.pem");

    public PorchProcess Process => process ?? throw new InvalidOperationException("The relay is not running.");

    /// <summary>The public URL of tunnel <paramref name="name"/>.</summary>
    public Uri TunnelUri(string name) => new($"https://{name}.localhost:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public static async Task<TunnelRelay> StartAsync(params string[] extraArgs)
    {
        var relay = new TunnelRelay(FreePort.Allocate());
        try
        {
            // The CA is created by the first command that needs it: export it before the relay starts so both agree.
            var (exit, pem, error) = await relay.RunCliAsync("ca", "export");
            Assert.True(exit == 0, "porch ca export failed: " + error);
            await File.WriteAllTextAsync(relay.RootPem, pem);
            await relay.RestartAsync(extraArgs);
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the relay process (again) on the same port and state; returns once it accepts connections.</summary>
    public async Task RestartAsync(params string[] extraArgs)
    {
        process?.Dispose();
        process = PorchProcess.Start(state.Path,
        [
            "relay", "--domain", "localhost", "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--tls", "internal", "--state", state.Path, .. extraArgs,
        ]);
        // Printed once the tunnel endpoints are up (before it, the relay answers 503 "starting").
        var ready = process.Stderr.WaitForLineAsync(l => l.StartsWith("porch relay: tunnel clients connect to", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var exited = process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (await Task.WhenAny(ready, exited) != ready || !ready.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("porch relay did not start:\n" + string.Join('\n', process.Stderr.Lines()));
        }
    }

    /// <summary>Kills the relay process at once (SIGKILL): no goodbye to its clients, as in a crash or power loss.</summary>
    public void Kill()
    {
        process?.Dispose();
        process = null;
    }

    /// <summary><c>porch relay token add NAME</c>: the new token (the command prints it alone on stdout).</summary>
    public async Task<string> AddTokenAsync(string name)
    {
        var (exit, stdout, stderr) = await RunCliAsync("relay", "token", "add", name);
        Assert.True(exit == 0, $"porch relay token add {name} failed ({exit}): {stderr}");
        return stdout.Trim();
    }

    /// <summary>Runs <c>porch ARGS --state STATE</c> to its end.</summary>
    public Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(params string[] args) =>
        Peer.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "porch.dll"), .. args, "--state", state.Path], TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync()
    {
        Kill();
        state.Dispose();
        return ValueTask.CompletedTask;
    }
}
