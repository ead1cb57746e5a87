using Microsoft.Extensions.Logging;
using Porch.Configuration;
using Porch.Tls;

namespace Porch.Hosting;

/// <summary>
/// Applies the config file again when it changed on disk or on SIGHUP (<see cref="ConfigWatcher"/>): read, compile,
/// swap the snapshot. An invalid file is logged with every error and the running snapshot keeps serving.
/// Reloads run one at a time, in the order they were asked for, so the last change always wins.
/// </summary>
internal sealed partial class ConfigReloader(
    PorchServer server, string configFile, string baseDirectory, HandlerFactory handlers, ILogger logger, CertificateSourceFactory? certificates = null)
{
    private readonly Lock sync = new();
    private Task<IReadOnlyList<ConfigError>> last = Task.FromResult<IReadOnlyList<ConfigError>>([]);

    /// <summary>For the watcher's callback: starts a reload and returns; the outcome is logged.</summary>
    public void Reload() => _ = ReloadAsync();

    /// <returns>The errors that rejected the file; empty when it was applied.</returns>
    public Task<IReadOnlyList<ConfigError>> ReloadAsync()
    {
        lock (sync)
        {
            last = last.ContinueWith(_ => ReloadOnceAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            return last;
        }
    }

    private async Task<IReadOnlyList<ConfigError>> ReloadOnceAsync()
    {
        try
        {
            var (config, readErrors) = ConfigReader.ReadFile(configFile);
            var (compiled, errors) = config is null ? (null, readErrors) : ConfigCompiler.Compile(config, baseDirectory, handlers, certificates);
            if (compiled is null)
            {
                LogReloadRejected(logger, configFile, errors.Count, string.Join(Environment.NewLine + "  ", errors));
                return errors;
            }

            await server.Apply(compiled);
            handlers.RetireUnused(compiled, compiled.Limits.ShutdownTimeout);
            certificates?.RetireUnused(compiled.CertificateSources);
            return [];
        }
        catch (Exception e)
        {
            // A reload must never take the running server down (e.g. a new access log path that cannot be opened).
            LogReloadFailed(logger, configFile, e.Message);
            return [new ConfigError("$", e.Message)];
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error,
        Message = "Reload of {File} rejected, still serving the previous configuration. {Count} error(s):\n  {Errors}")]
    private static partial void LogReloadRejected(ILogger logger, string file, int count, string errors);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Reload of {File} failed: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string file, string reason);
}
