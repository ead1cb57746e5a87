using Porch.Tls;

namespace Porch.Configuration;

/// <summary>Rules about a site's <c>"tls"</c>: a known mode, and PEM file paths exactly when the mode reads files.</summary>
internal static class TlsRules
{
    public const string Modes = "off, internal, files, acme or auto";

    /// <summary>The checked settings; null when TLS is off or the entry is invalid (errors added).</summary>
    public static TlsSettings? Check(TlsConfig? tls, string at, string baseDirectory, List<ConfigError> errors)
    {
        if (tls is null)
        {
            return null;
        }

        at += ".tls";
        if (!Enum.TryParse<TlsMode>(tls.Mode, ignoreCase: true, out var mode) || int.TryParse(tls.Mode, out _))
        {
            errors.Add(new ConfigError($"{at}.mode", $"\"{tls.Mode}\" is not a TLS mode; use {Modes}"));
            return null;
        }

        if (mode != TlsMode.Files)
        {
            if (tls.Cert is not null || tls.Key is not null)
            {
                errors.Add(new ConfigError(tls.Cert is not null ? $"{at}.cert" : $"{at}.key",
                    $"cert and key are read only with \"mode\": \"files\"; remove them or set the mode to files"));
                return null;
            }

            return mode == TlsMode.Off ? null : new TlsSettings(mode);
        }

        var ok = true;
        if (string.IsNullOrWhiteSpace(tls.Cert))
        {
            errors.Add(new ConfigError($"{at}.cert", "missing; name the certificate chain file, e.g. \"/etc/letsencrypt/live/example.com/fullchain.pem\""));
            ok = false;
        }

        if (string.IsNullOrWhiteSpace(tls.Key))
        {
            errors.Add(new ConfigError($"{at}.key", "missing; name the private key file, e.g. \"/etc/letsencrypt/live/example.com/privkey.pem\""));
            ok = false;
        }

        return ok ? new TlsSettings(mode, Path.GetFullPath(tls.Cert!, baseDirectory), Path.GetFullPath(tls.Key!, baseDirectory)) : null;
    }
}
