using System.Net.Sockets;
using Porch.Coffee.Web;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Coffee;

/// <summary>Runs the pot and/or the front end until Ctrl-C or SIGTERM, after telling the user where they are.</summary>
internal sealed class CoffeeRunner(TextWriter stderr)
{
    public async Task<int> RunAsync(CoffeeRunSettings settings, CancellationToken cancellationToken)
    {
        using var loggerFactory = PorchLogging.CreateFactory();
        PotHost? pot = null;
        CoffeeWebHost? web = null;
        try
        {
            if (settings.Pot is { } potListen)
            {
                pot = await PotHost.StartAsync(potListen, new CoffeeOptions { BrewTime = settings.BrewTime }, loggerFactory, TimeProvider.System, cancellationToken);
                var pots = string.Join(", ", pot.Pots.All.Select(p => $"{p.Name} ({(p.Definition.Kind == PotKind.Tea ? "teapot" : "coffee pot")})"));
                stderr.WriteLine($"HTCPCP pot on TCP {string.Join(", ", pot.BoundUrls.Select(u => u.Replace("http://", "", StringComparison.Ordinal)))}: {pots}; coffee brews in {settings.BrewTime.TotalSeconds:0} s.");
                stderr.WriteLine($"  Try: printf 'BREW coffee://ducky HTCPCP/1.0\\r\\nContent-Type: message/coffeepot\\r\\n\\r\\nstart' | nc -q 1 localhost {pot.Port}");
            }

            if (settings.Web is { } webListen)
            {
                var target = pot is null ? settings.RemotePot! : new PotAddress("127.0.0.1", pot.Port);
                web = await CoffeeWebHost.StartAsync(webListen, target, loggerFactory, cancellationToken, settings.Https);
                var lan = webListen.Scope == ListenScope.AnyInterface;
                var lines = StartupBanner.Lines(web.BoundUrls, lan ? Net.InterfaceAddresses.List() : [], Environment.MachineName, StartupBanner.Resolves);
                stderr.WriteLine($"Coffee front end, talking to the pot at {target}:");
                StartupBanner.Print(stderr, lines, lan, localCa: settings.Https?.Ca.CertificatePath);
            }
            else if (settings.Pot?.Scope != ListenScope.AnyInterface)
            {
                stderr.WriteLine("Only this machine can connect. Add --lan to share with your network.");
            }

            await WaitForStopAsync(cancellationToken);
            return PorchRunner.ExitOk;
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            stderr.WriteLine($"porch coffee: cannot listen: {e.Message.TrimEnd('.')}.");
            stderr.WriteLine("Another program is using that port. Stop it, or pick another with --pot-port N / --web-port M.");
            return PorchRunner.ExitStartFailed;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"porch coffee: cannot listen: {e.Message}");
            return PorchRunner.ExitStartFailed;
        }
        finally
        {
            if (web is not null)
            {
                await web.DisposeAsync();
            }

            if (pot is not null)
            {
                await pot.DisposeAsync();
            }
        }
    }

    /// <summary>Ctrl-C and SIGTERM cancel the token (System.CommandLine's process termination handling).</summary>
    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
