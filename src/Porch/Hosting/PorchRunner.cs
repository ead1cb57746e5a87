using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Acme.Dns01;
using Porch.Configuration;
using Porch.Tls;

namespace Porch.Hosting;

/// <summary>
/// Runs a compiled configuration until SIGTERM/Ctrl-C: start, print the URLs, reload the config file when it changes
/// (keeping the running snapshot when the new one is invalid), then stop gracefully within the shutdown bound.
/// </summary>
internal sealed partial class PorchRunner(TextWriter stdout, TextWriter stderr)
{
    public const int ExitOk = 0;
    public const int ExitStartFailed = 1;
    public const int ExitInvalidConfig = 2;

    /// <summary>The state folder (local CA, certificates); --state or the XDG default, resolved by the verb.</summary>
    public string StateDirectory { get; init; } = "";

    /// <summary>Parts a verb runs beside the server (<c>porch relay</c>'s tunnels); null for the others.</summary>
    public IRunExtension? Extension { get; init; }

    public async Task<int> RunAsync(PorchConfig config, string baseDirectory, string? configFile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(StateDirectory);
        using var loggerFactory = PorchLogging.CreateFactory();
        using var handlers = new HandlerFactory(loggerFactory);
        var acmeErrors = new List<ConfigError>();
        var acmeSettings = AcmeSettingsCompiler.Compile(config.Acme, baseDirectory, acmeErrors);
        if (acmeSettings is null)
        {
            PrintErrors(configFile ?? "command line", acmeErrors);
            return ExitInvalidConfig;
        }

        // One manager for the whole run: reloads ask it for their sites' names again and it keeps what it has issued.
        await using var acme = new AcmeManager(
            acmeSettings,
            StateDirectory,
            null,
            acmeSettings.Dns is { } dns ? Rfc2136ChallengeProvider.Create(dns, TimeProvider.System, loggerFactory) : null,
            TimeProvider.System,
            loggerFactory.CreateLogger("Porch.Acme"));
        using var certificates = new CertificateSourceFactory(StateDirectory, loggerFactory, TimeProvider.System) { Acme = acme };
        var sources = Extension?.Certificates(certificates, acme) ?? certificates;
        var (compiled, errors) = ConfigCompiler.Compile(config, baseDirectory, handlers, sources);
        if (compiled is null)
        {
            PrintErrors(configFile ?? "command line", errors);
            return ExitInvalidConfig;
        }

        var logger = loggerFactory.CreateLogger("Porch");
        PorchServer server;
        try
        {
            server = await PorchServer.StartAsync(compiled, loggerFactory, stdout, null, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            stderr.WriteLine($"porch: cannot listen: {e.Message.TrimEnd('.')}.");
            stderr.WriteLine("Another program is using that port. Stop it, or pick a free port with --port N (or in \"listen\").");
            return ExitStartFailed;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"porch: cannot listen: {e.Message}");
            return ExitStartFailed;
        }

        await using (server)
        {
            acme.Responses = server.Challenges;
            acme.Start();
            await using var extension = Extension is null ? null : await Extension.StartAsync(server, loggerFactory, cancellationToken);
            if (Extension is not { ReplacesBanner: true })
            {
                var lan = compiled.Listeners.Any(l => l.Address.Scope == ListenScope.AnyInterface);
                var lines = StartupBanner.Lines(server.BoundUrls, lan ? Net.InterfaceAddresses.List() : [], Environment.MachineName, StartupBanner.Resolves);
                StartupBanner.Print(stderr, lines, lan, config, certificates.Ca?.CertificatePath);
            }

            using var watcher = configFile is null
                ? null
                : new ConfigWatcher(configFile, new ConfigReloader(server, configFile, baseDirectory, handlers, logger, certificates).Reload);
            await server.WaitForShutdownAsync(cancellationToken);
            LogStopped(logger);
        }

        return ExitOk;
    }

    public void PrintErrors(string source, IReadOnlyList<ConfigError> errors)
    {
        stderr.WriteLine($"porch: {source} has {errors.Count} error(s):");
        foreach (var error in errors)
        {
            stderr.WriteLine($"  {error}");
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Stopped")]
    private static partial void LogStopped(ILogger logger);
}
