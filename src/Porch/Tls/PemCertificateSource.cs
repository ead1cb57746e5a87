using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace Porch.Tls;

/// <summary>
/// A certificate from PEM files (<c>--cert/--key</c>, <c>"mode": "files"</c>), reloaded when they change: certbot,
/// dehydrated or a person replaces them and new handshakes get the new certificate without a restart.
/// <list type="number">
/// <item>A watcher on the files' folders notices writes, renames and symlink swaps; events are debounced, because
/// the two files are written one after the other.</item>
/// <item>A slow periodic check also compares the bytes, for changes a watcher cannot see (a symlink's target
/// rewritten in another folder, network file systems).</item>
/// <item>A new pair is served only when it is valid and its key matches; otherwise the old one stays and the log
/// says why, once per distinct bad pair.</item>
/// </list>
/// </summary>
internal sealed partial class PemCertificateSource : ICertificateSource, IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(60);

    private readonly ILogger logger;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Timer debounce;
    private readonly Timer poll;
    private readonly Lock reloading = new();
    private PemPair current;
    private byte[] lastTried;

    private PemCertificateSource(string certPath, string keyPath, PemPair initial, ILogger logger)
    {
        CertPath = certPath;
        KeyPath = keyPath;
        current = initial;
        lastTried = initial.Fingerprint;
        this.logger = logger;
        debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        poll = new Timer(_ => Reload(), null, PollInterval, PollInterval);
        foreach (var folder in new[] { certPath, keyPath }.Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }
    }

    public string CertPath { get; }

    public string KeyPath { get; }

    public PemPair Current => Volatile.Read(ref current);

    /// <summary>Loads the pair and starts watching it; a bad pair at start is an error for the configuration.</summary>
    public static PemCertificateSource? Open(string certPath, string keyPath, ILogger logger, out string? error)
    {
        var pair = PemPair.Load(certPath, keyPath, out error);
        return pair is null ? null : new PemCertificateSource(certPath, keyPath, pair, logger);
    }

    public SslStreamCertificateContext? Find(string? serverName) => Current.Context;

    /// <summary>Reads the files again and swaps in the new pair when it changed and is valid.</summary>
    public void Reload()
    {
        lock (reloading)
        {
            string certText, keyText;
            try
            {
                certText = File.ReadAllText(CertPath);
                keyText = File.ReadAllText(KeyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Between a delete and a create, or a rename in progress: the next event or poll tries again.
                LogUnreadable(logger, CertPath, e.Message);
                return;
            }

            var fingerprint = PemPair.Hash(certText, keyText);
            if (fingerprint.AsSpan().SequenceEqual(lastTried))
            {
                return;
            }

            lastTried = fingerprint;
            var pair = PemPair.Load(CertPath, KeyPath, out var error);
            if (pair is null)
            {
                LogRejected(logger, error!);
                return;
            }

            Volatile.Write(ref current, pair);
            LogReloaded(logger, pair.Leaf.Subject, pair.Leaf.NotAfter);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        debounce.Dispose();
        poll.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => debounce.Change(Debounce, Timeout.InfiniteTimeSpan);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Certificate reloaded: {Subject}, valid until {NotAfter:u}")]
    private static partial void LogReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "New certificate files not used, the previous certificate is still served: {Error}")]
    private static partial void LogRejected(ILogger logger, string error);

    [LoggerMessage(EventId = 403, Level = LogLevel.Debug, Message = "Certificate file {Path} not readable right now: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
