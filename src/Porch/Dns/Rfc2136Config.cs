using System.Net;
using Porch.Configuration;
using Porch.Wire.Dns;

namespace Porch.Dns;

/// <summary>
/// Checks a <see cref="DnsProviderConfig"/> and builds <see cref="Rfc2136Settings"/>, reporting every problem with its
/// JSON path and the fix. The key comes from keySecret (with keyName, keyAlgorithm) or from a BIND key file.
/// </summary>
internal static class Rfc2136Config
{
    public const int DefaultPort = 53;

    public static Rfc2136Settings? Create(DnsProviderConfig config, string at, ICollection<ConfigError> errors)
    {
        var before = errors.Count;
        if (config.Provider != DnsProviderConfig.Rfc2136)
        {
            errors.Add(new ConfigError($"{at}.provider", config.Provider is null
                ? $"missing; set \"provider\": \"{DnsProviderConfig.Rfc2136}\" (dynamic DNS update with TSIG)"
                : $"\"{config.Provider}\" is not a DNS provider Porch knows; use \"{DnsProviderConfig.Rfc2136}\""));
        }

        var server = Server(config.Server, $"{at}.server", errors);
        var zone = config.Zone;
        if (string.IsNullOrWhiteSpace(zone))
        {
            errors.Add(new ConfigError($"{at}.zone", "missing; set the zone the server is primary for, e.g. \"example.com\""));
        }
        else if (DnsName.Validate(zone) is { } zoneError)
        {
            errors.Add(new ConfigError($"{at}.zone", $"\"{zone}\" is not a domain name: {zoneError}"));
        }

        var key = Key(config, at, errors);
        return errors.Count == before ? new Rfc2136Settings(server!, zone!, key) : null;
    }

    private static IPEndPoint? Server(string? text, string at, ICollection<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ConfigError(at, "missing; set the primary DNS server as \"IP\" or \"IP:PORT\", e.g. \"192.0.2.53:53\""));
            return null;
        }

        if (IPAddress.TryParse(text, out var address) && !text.Contains(']', StringComparison.Ordinal))
        {
            return new IPEndPoint(address, DefaultPort);
        }

        if (IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port != 0)
        {
            return endPoint;
        }

        errors.Add(new ConfigError(at, $"\"{text}\" is not IP or IP:PORT (a host name is not accepted: Porch must not depend on DNS to update DNS)"));
        return null;
    }

    private static TsigKey? Key(DnsProviderConfig config, string at, ICollection<ConfigError> errors)
    {
        if (config.KeySecret is not null && config.KeyFile is not null)
        {
            errors.Add(new ConfigError($"{at}.keyFile", "set keySecret or keyFile, not both"));
            return null;
        }

        if (config.KeyFile is { } file)
        {
            return KeyFromFile(config, file, $"{at}.keyFile", errors);
        }

        if (config.KeySecret is null)
        {
            errors.Add(new ConfigError($"{at}.keySecret", "missing; set keySecret (base64, with keyName) or keyFile (a BIND key file from tsig-keygen)"));
            return null;
        }

        var algorithm = Algorithm(config.KeyAlgorithm, $"{at}.keyAlgorithm", errors);
        if (string.IsNullOrWhiteSpace(config.KeyName))
        {
            errors.Add(new ConfigError($"{at}.keyName", "missing; set the name of the TSIG key as the server knows it (key \"NAME\" in named.conf)"));
            return null;
        }

        if (DnsName.Validate(config.KeyName) is { } nameError)
        {
            errors.Add(new ConfigError($"{at}.keyName", $"\"{config.KeyName}\" is not a key name: {nameError}"));
            return null;
        }

        if (!BindKeyFile.TryBase64(config.KeySecret, out var secret))
        {
            errors.Add(new ConfigError($"{at}.keySecret", "is not base64; copy the secret \"...\" of the key statement"));
            return null;
        }

        return algorithm is { } a ? new TsigKey(config.KeyName, a, secret) : null;
    }

    private static TsigKey? KeyFromFile(DnsProviderConfig config, string file, string at, ICollection<ConfigError> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(at, $"cannot read {file}: {e.Message}"));
            return null;
        }

        var keys = BindKeyFile.Parse(text, out var error);
        if (error is not null)
        {
            errors.Add(new ConfigError(at, $"{file}: {error}"));
            return null;
        }

        var key = config.KeyName is { } name ? keys.FirstOrDefault(k => DnsName.Equal(k.Name, name)) : keys.Count == 1 ? keys[0] : null;
        if (key is null)
        {
            var names = string.Join(", ", keys.Select(k => k.Name));
            errors.Add(new ConfigError(at, config.KeyName is null
                ? $"{file} holds several keys ({names}); set keyName to choose one"
                : $"{file} holds no key \"{config.KeyName}\" (it holds {names})"));
            return null;
        }

        if (config.KeyAlgorithm is { } wanted && Algorithm(wanted, at.Replace("keyFile", "keyAlgorithm", StringComparison.Ordinal), errors) is { } algorithm && algorithm != key.Algorithm)
        {
            errors.Add(new ConfigError(at, $"key \"{key.Name}\" in {file} uses {TsigAlgorithms.Name(key.Algorithm)}, not {wanted}; remove keyAlgorithm or make them agree"));
            return null;
        }

        return key;
    }

    private static TsigAlgorithm? Algorithm(string? text, string at, ICollection<ConfigError> errors)
    {
        if (text is null)
        {
            return TsigAlgorithm.HmacSha256;
        }

        if (TsigAlgorithms.TryParse(text, out var algorithm))
        {
            return algorithm;
        }

        errors.Add(new ConfigError(at, $"\"{text}\" is not a TSIG algorithm Porch supports ({TsigAlgorithms.Supported})"));
        return null;
    }
}
