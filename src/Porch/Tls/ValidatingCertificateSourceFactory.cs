using System.Net.Security;
using Porch.Acme;
using Porch.Configuration;

namespace Porch.Tls;

/// <summary>
/// Used by <c>porch check</c>: checks that every TLS site can get its certificates (PEM pairs read and matched, the
/// local CA readable when it exists) without creating, watching or keeping anything.
/// </summary>
internal sealed class ValidatingCertificateSourceFactory(string stateDirectory) : ICertificateSourceFactory
{
    public ICertificateSource? Create(TlsSettings settings, IReadOnlyList<string> hosts, string at, List<ConfigError> errors)
    {
        switch (settings.Mode)
        {
            case TlsMode.Files:
                using (var pair = PemPair.Load(settings.CertPath!, settings.KeyPath!, out var error))
                {
                    if (pair is null)
                    {
                        errors.Add(new ConfigError($"{at}.tls", error!));
                        return null;
                    }
                }

                return Checked.Instance;
            case TlsMode.Internal:
                return CheckCa(at, errors);
            case TlsMode.Auto when !AcmeSettingsCompiler.AllPublic(hosts):
                return CheckCa(at, errors);
            default:
                return AcmeSettingsCompiler.CheckNames(hosts, at, errors) ? Checked.Instance : null;
        }
    }

    /// <summary>A CA that does not exist yet is fine (it is made at start); one that exists must load.</summary>
    private Checked? CheckCa(string at, List<ConfigError> errors)
    {
        if (!Directory.Exists(LocalCa.Folder(stateDirectory)))
        {
            return Checked.Instance;
        }

        try
        {
            LocalCa.LoadOrCreate(stateDirectory, TimeProvider.System).Dispose();
            return Checked.Instance;
        }
        catch (LocalCaException e)
        {
            errors.Add(new ConfigError($"{at}.tls", e.Message));
            return null;
        }
    }

    /// <summary>Stands for a source that was checked; `porch check` never serves, so it has no certificate to give.</summary>
    private sealed class Checked : ICertificateSource
    {
        public static readonly Checked Instance = new();

        public SslStreamCertificateContext? Find(string? serverName) => null;
    }
}
