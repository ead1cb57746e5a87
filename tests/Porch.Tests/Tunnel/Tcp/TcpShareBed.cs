using System.Globalization;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Client;
using Porch.Tests.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tcp;

/// <summary>
/// The real <c>porch share</c> command (in-process) against a real relay with TCP ports on loopback, sharing an app
/// at 127.0.0.1:PORT with <c>--tcp --remote allow</c> and any extra options; online once built.
/// </summary>
internal sealed class TcpShareBed : IAsyncDisposable
{
    private readonly TempDirectory folder;

    private TcpShareBed(RelayTestHost relay, TempDirectory folder, ShareRun share, int tcpPort)
    {
        Relay = relay;
        this.folder = folder;
        Share = share;
        TcpPort = tcpPort;
    }

    public RelayTestHost Relay { get; }

    public ShareRun Share { get; }

    /// <summary>The port from the share's online line.</summary>
    public int TcpPort { get; }

    public static async Task<TcpShareBed> StartAsync(int appPort, params string[] extra)
    {
        var relay = await TcpRelayTests.StartRelayAsync(TcpPortBlock.Allocate(1));
        var folder = new TempDirectory("porch-tcp-share-");
        var root = Path.Combine(folder.Path, "root.pem");
        await File.WriteAllTextAsync(root, relay.Root!.ExportCertificatePem());
        var share = ShareRun.Start(
        [
            $"127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}", "--relay", relay.RelayUri.ToString(), "--token", relay.Tokens.Add("alice"),
            "--ca", root, "--name", "raw", "--tcp", "--remote", "allow", .. extra,
        ]);
        try
        {
            var tcpPort = relay.Registry.Settings.TcpPorts!.From;
            await share.WaitForAsync($"and tcp://localhost:{tcpPort.ToString(CultureInfo.InvariantCulture)} →");
            return new TcpShareBed(relay, folder, share, tcpPort);
        }
        catch
        {
            await share.DisposeAsync();
            await relay.DisposeAsync();
            folder.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Share.DisposeAsync();
        await Relay.DisposeAsync();
        folder.Dispose();
    }
}
