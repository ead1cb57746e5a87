using System.Globalization;
using System.Text.RegularExpressions;
using Porch.Tests.Hosting;

namespace Porch.Tests.Support;

/// <summary>
/// <c>porch share TARGET --relay https://localhost:P --token T --ca root.pem --name NAME</c> as a real child process.
/// Its output contract: one <c>porch share: ...</c> line on stderr per state change, the public URL alone on a stdout
/// line each time the tunnel comes online.
/// </summary>
internal sealed partial class TunnelShare : IDisposable
{
    public const string OnlinePrefix = "porch share: online: ";

    private TunnelShare(PorchProcess process, string name)
    {
        Process = process;
        Name = name;
    }

    public PorchProcess Process { get; }

    public string Name { get; }

    /// <summary>
    /// Starts sharing 127.0.0.1:<paramref name="appPort"/> with the access options <paramref name="access"/>; null is
    /// <c>--remote allow</c> (most tests are about the tunnel, not its policy), empty is the share's own default.
    /// </summary>
    public static TunnelShare Start(TunnelRelay relay, int appPort, string name, string token, string[]? access = null)
    {
        string[] accessArgs = access ?? ["--remote", "allow"];
        var process = PorchProcess.Start(Path.GetTempPath(),
        [
            "share", $"127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}",
            "--relay", $"https://localhost:{relay.Port.ToString(CultureInfo.InvariantCulture)}",
            "--token", token, "--ca", relay.RootPem, "--name", name, .. accessArgs,
        ]);
        return new TunnelShare(process, name);
    }

    /// <summary>
    /// Starts sharing 127.0.0.1:<paramref name="appPort"/> through <paramref name="relayUrl"/> (a proxy in front of the
    /// relay, say) trusting <paramref name="caPem"/>, with <c>--remote allow</c> and <paramref name="extraArgs"/>.
    /// </summary>
    public static TunnelShare StartVia(string relayUrl, string caPem, int appPort, string name, string token, params string[] extraArgs)
    {
        var process = PorchProcess.Start(Path.GetTempPath(),
        [
            "share", $"127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}", "--relay", relayUrl,
            "--token", token, "--ca", caPem, "--name", name, "--remote", "allow", .. extraArgs,
        ]);
        return new TunnelShare(process, name);
    }

    /// <summary>Starts sharing and waits until it reports online; returns the URL it printed on stdout.</summary>
    public static async Task<(TunnelShare Share, string Url)> StartOnlineAsync(
        TunnelRelay relay, int appPort, string name, string token, string[]? access = null)
    {
        var share = Start(relay, appPort, name, token, access);
        try
        {
            return (share, await share.WaitOnlineAsync(relay, TimeSpan.FromSeconds(30)));
        }
        catch
        {
            share.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the <c>online:</c> line on stderr and the URL alone on stdout; returns the URL.</summary>
    public async Task<string> WaitOnlineAsync(TunnelRelay relay, TimeSpan timeout)
    {
        var expected = relay.TunnelUri(Name).ToString().TrimEnd('/');
        try
        {
            await Process.Stderr.WaitForLineAsync(l => l.StartsWith(OnlinePrefix, StringComparison.Ordinal), timeout);
            return await Process.Stdout.WaitForLineAsync(l => l.Trim() == expected, TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"porch share did not come online.\nstderr:\n{string.Join('\n', Process.Stderr.Lines())}\n"
                + $"stdout:\n{string.Join('\n', Process.Stdout.Lines())}", e);
        }
    }

    /// <summary>How many times the share reported coming online so far.</summary>
    public int OnlineCount => Process.Stderr.Lines().Count(l => l.StartsWith(OnlinePrefix, StringComparison.Ordinal));

    public string StderrText => string.Join('\n', Process.Stderr.Lines());

    /// <summary>The generated password of user <c>guest</c> that a share without access options prints once on stderr.</summary>
    public async Task<string> GuestPasswordAsync()
    {
        var line = await Process.Stderr.WaitForLineAsync(l => l.Contains("\"guest\"", StringComparison.Ordinal) && GeneratedPassword().IsMatch(l));
        return GeneratedPassword().Match(line).Groups[1].Value;
    }

    public void Dispose() => Process.Dispose();

    [GeneratedRegex(@"with password (\S+)")]
    private static partial Regex GeneratedPassword();
}
