using System.Text.Json;

namespace Porch.Configuration;

/// <summary>
/// Binds the <c>dns</c> object of the top-level <c>acme</c> object (and later of dynamic DNS), reporting each unknown
/// property or wrong type with its JSON path, as <see cref="ConfigReader"/> does for the rest of the file.
/// </summary>
internal static class DnsProviderConfigReader
{
    private const string Properties = "provider, server, zone, keyName, keyAlgorithm, keySecret, keyFile";

    public static DnsProviderConfig Read(JsonElement e, string at, ICollection<ConfigError> errors)
    {
        var config = new DnsProviderConfig();
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError(at, $"must be an object like {{ \"provider\": \"rfc2136\", \"server\": \"IP:PORT\", \"zone\": \"example.com\", ... }}, not {e.ValueKind.ToString().ToLowerInvariant()}"));
            return config;
        }

        foreach (var p in e.EnumerateObject())
        {
            var path = $"{at}.{p.Name}";
            string? Text()
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    return p.Value.GetString();
                }

                errors.Add(new ConfigError(path, $"must be a string, not {p.Value.ValueKind.ToString().ToLowerInvariant()}"));
                return null;
            }

            config = p.Name switch
            {
                "provider" => config with { Provider = Text() },
                "server" => config with { Server = Text() },
                "zone" => config with { Zone = Text() },
                "keyName" => config with { KeyName = Text() },
                "keyAlgorithm" => config with { KeyAlgorithm = Text() },
                "keySecret" => config with { KeySecret = Text() },
                "keyFile" => config with { KeyFile = Text() },
                _ => Unknown(config, path, errors),
            };
        }

        return config;
    }

    private static DnsProviderConfig Unknown(DnsProviderConfig config, string path, ICollection<ConfigError> errors)
    {
        errors.Add(new ConfigError(path, $"unknown property (known here: {Properties})"));
        return config;
    }
}
