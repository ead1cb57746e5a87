using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Configuration;

namespace Porch.Tls;

/// <summary>
/// Makes the real certificate sources: the local CA (loaded or created once, on first use) and PEM file pairs, kept
/// per pair of paths across reloads so an unchanged site keeps its watcher and its loaded certificate.
/// </summary>
internal sealed class CertificateSourceFactory(string stateDirectory, ILoggerFactory loggerFactory, TimeProvider time)
    : ICertificateSourceFactory, IDisposable
{
    private readonly ConcurrentDictionary<(string Cert, string Key), PemCertificateSource> files = new();
    private readonly Lock sync = new();
    private InternalCertificateSource? local;

    public string StateDirectory => stateDirectory;

    /// <summary>Issues and renews the certificates of "acme" and "auto" sites; null when ACME is not set up.</summary>
    public AcmeManager? Acme { get; init; }

    /// <summary>The local CA, once a site has used it.</summary>
    public LocalCa? Ca => Volatile.Read(ref local)?.Ca;

    public ICertificateSource? Create(TlsSettings settings, IReadOnlyList<string> hosts, string at, List<ConfigError> errors)
    {
        switch (settings.Mode)
        {
            case TlsMode.Internal:
                return Internal(at, errors);
            case TlsMode.Files:
                return Files(settings.CertPath!, settings.KeyPath!, at, errors);
            case TlsMode.Auto when !AcmeSettingsCompiler.AllPublic(hosts):
                return Internal(at, errors);
            default:
                return Managed(hosts, at, errors);
        }
    }

    /// <summary>Stops watching PEM files no site of <paramref name="inUse"/> reads any more.</summary>
    public void RetireUnused(IReadOnlyCollection<ICertificateSource> inUse)
    {
        foreach (var (paths, source) in files)
        {
            if (!inUse.Contains(source) && files.TryRemove(paths, out _))
            {
                source.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var source in files.Values)
        {
            source.Dispose();
        }

        local?.Ca.Dispose();
    }

    private InternalCertificateSource? Internal(string at, List<ConfigError> errors)
    {
        lock (sync)
        {
            if (local is not null)
            {
                return local;
            }

            try
            {
                local = new InternalCertificateSource(LocalCa.LoadOrCreate(stateDirectory, time), time);
                return local;
            }
            catch (Exception e) when (e is LocalCaException or IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigError($"{at}.tls", e is LocalCaException
                    ? e.Message
                    : $"cannot create the local CA in {LocalCa.Folder(stateDirectory)} ({e.Message.TrimEnd('.')}); choose a writable state folder with --state DIR"));
                return null;
            }
        }
    }

    private ManagedCertificate? Managed(IReadOnlyList<string> hosts, string at, List<ConfigError> errors)
    {
        if (!AcmeSettingsCompiler.CheckNames(hosts, at, errors))
        {
            return null;
        }

        if (Acme is null)
        {
            errors.Add(new ConfigError($"{at}.tls", "ACME is not set up in this process; run the site with `porch run` or `porch serve --tls acme`"));
            return null;
        }

        return Acme.Manage(hosts);
    }

    private PemCertificateSource? Files(string cert, string key, string at, List<ConfigError> errors)
    {
        if (files.TryGetValue((cert, key), out var existing))
        {
            return existing;
        }

        var source = PemCertificateSource.Open(cert, key, loggerFactory.CreateLogger<PemCertificateSource>(), out var error);
        if (source is null)
        {
            errors.Add(new ConfigError($"{at}.tls", error!));
            return null;
        }

        if (!files.TryAdd((cert, key), source))
        {
            source.Dispose();
            return files[(cert, key)];
        }

        return source;
    }
}
