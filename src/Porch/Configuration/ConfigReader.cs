using System.Text.Json;

namespace Porch.Configuration;

/// <summary>
/// Reads porch.json (comments and trailing commas allowed) into a <see cref="PorchConfig"/>, collecting every
/// unknown property and wrong type with its JSON path instead of stopping at the first.
/// </summary>
internal static class ConfigReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static (PorchConfig? Config, IReadOnlyList<ConfigError> Errors) ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new ConfigError("$", $"cannot read {path}: {e.Message}")]);
        }

        return Read(text);
    }

    public static (PorchConfig? Config, IReadOnlyList<ConfigError> Errors) Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {e.BytePositionInLine + 1}" : "";
            return (null, [new ConfigError("$", $"not valid JSON{where}: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var errors = new List<ConfigError>();
            var config = new JsonBinder(errors).Root(document.RootElement);
            return (errors.Count == 0 ? config : null, errors);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    /// <summary>Binds one document; each method knows its object's properties and reports the others.</summary>
    private sealed class JsonBinder(List<ConfigError> errors)
    {
        public PorchConfig Root(JsonElement e)
        {
            var config = new PorchConfig();
            if (!IsObject(e, "$"))
            {
                return config;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"$.{p.Name}";
                config = p.Name switch
                {
                    "$schema" => config,
                    "sites" => config with { Sites = List(p.Value, path, Site) },
                    "accessLog" => config with { AccessLog = AccessLog(p.Value, path) },
                    "limits" => config with { Limits = Limits(p.Value, path) },
                    "acme" => config with { Acme = Acme(p.Value, path) },
                    "trustedProxies" => config with { TrustedProxies = StringList(p.Value, path) },
                    _ => Unknown(config, path, "$schema, sites, accessLog, limits, acme, trustedProxies"),
                };
            }

            return config;
        }

        private SiteConfig Site(JsonElement e, string at)
        {
            var site = new SiteConfig();
            if (!IsObject(e, at))
            {
                return site;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                site = p.Name switch
                {
                    "name" => site with { Name = String(p.Value, path) },
                    "hosts" => site with { Hosts = StringList(p.Value, path) },
                    "listen" => site with { Listen = List(p.Value, path, Listen) },
                    "tls" => site with { Tls = Tls(p.Value, path) },
                    "routes" => site with { Routes = List(p.Value, path, Route) },
                    "access" => site with { Access = Access(p.Value, path) },
                    "httpListen" => site with { HttpListen = StringList(p.Value, path) },
                    "hsts" => site with { Hsts = Bool(p.Value, path) ?? false },
                    _ => Unknown(site, path, "name, hosts, listen, httpListen, tls, hsts, routes, access"),
                };
            }

            return site;
        }

        /// <summary>A listen entry: "ADDRESS" or { "address": "ADDRESS", "proxyProtocol": true }.</summary>
        private ListenConfig Listen(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                return new ListenConfig(String(e, at) ?? "");
            }

            var listen = new ListenConfig("");
            var hasAddress = false;
            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                switch (p.Name)
                {
                    case "address":
                        listen = listen with { Address = String(p.Value, path) ?? "" };
                        hasAddress = true;
                        break;
                    case "proxyProtocol":
                        listen = listen with { ProxyProtocol = Bool(p.Value, path) ?? false };
                        break;
                    default:
                        Unknown(listen, path, "address, proxyProtocol");
                        break;
                }
            }

            if (!hasAddress)
            {
                errors.Add(new ConfigError($"{at}.address", "missing; add the address to listen on, e.g. \"address\": \"*:443\""));
            }

            return listen;
        }

        /// <summary>TLS: "MODE" or { "mode": "MODE", "cert": "FILE", "key": "FILE" }.</summary>
        private TlsConfig Tls(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                return new TlsConfig { Mode = String(e, at) ?? TlsConfig.Off };
            }

            var tls = new TlsConfig();
            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                tls = p.Name switch
                {
                    "mode" => tls with { Mode = String(p.Value, path) ?? TlsConfig.Off },
                    "cert" => tls with { Cert = String(p.Value, path) },
                    "key" => tls with { Key = String(p.Value, path) },
                    _ => Unknown(tls, path, "mode, cert, key"),
                };
            }

            return tls;
        }

        private RouteConfig Route(JsonElement e, string at)
        {
            var route = new RouteConfig();
            if (!IsObject(e, at))
            {
                return route;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                route = p.Name switch
                {
                    "path" => route with { Path = String(p.Value, path) ?? "/" },
                    "root" => route with { Root = String(p.Value, path) },
                    "browse" => route with { Browse = Bool(p.Value, path) ?? false },
                    "upstream" => route with { Upstream = String(p.Value, path) },
                    "maxBodySize" => route with { MaxBodySize = String(p.Value, path) },
                    "upstreamTimeout" => route with { UpstreamTimeout = String(p.Value, path) },
                    _ => Unknown(route, path, "path, root, browse, upstream, maxBodySize, upstreamTimeout"),
                };
            }

            return route;
        }

        private AccessConfig Access(JsonElement e, string at)
        {
            var access = new AccessConfig();
            if (!IsObject(e, at))
            {
                return access;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                access = p.Name switch
                {
                    "local" => access with { Local = String(p.Value, path) },
                    "remote" => access with { Remote = String(p.Value, path) },
                    "users" => access with { Users = StringList(p.Value, path) },
                    "htpasswd" => access with { Htpasswd = String(p.Value, path) },
                    "localNetworks" => access with { LocalNetworks = StringList(p.Value, path) },
                    "allow" => access with { Allow = StringList(p.Value, path) },
                    "deny" => access with { Deny = StringList(p.Value, path) },
                    "rateLimit" => access with { RateLimit = RateLimit(p.Value, path) },
                    "frameOptions" => access with { FrameOptions = String(p.Value, path) },
                    _ => Unknown(access, path, "local, remote, users, htpasswd, localNetworks, allow, deny, rateLimit, frameOptions"),
                };
            }

            return access;
        }

        private RateLimitConfig RateLimit(JsonElement e, string at)
        {
            var limit = new RateLimitConfig();
            if (!IsObject(e, at))
            {
                return limit;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                limit = p.Name switch
                {
                    "requests" => limit with { Requests = Int(p.Value, path) ?? limit.Requests },
                    "per" => limit with { Per = String(p.Value, path) ?? limit.Per },
                    "burst" => limit with { Burst = Int(p.Value, path) },
                    _ => Unknown(limit, path, "requests, per, burst"),
                };
            }

            return limit;
        }

        private AccessLogConfig AccessLog(JsonElement e, string at)
        {
            var log = new AccessLogConfig();
            if (!IsObject(e, at))
            {
                return log;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                log = p.Name switch
                {
                    "enabled" => log with { Enabled = Bool(p.Value, path) ?? true },
                    "path" => log with { Path = String(p.Value, path) },
                    "maxSize" => log with { MaxSize = String(p.Value, path) },
                    "every" => log with { Every = String(p.Value, path) },
                    "keep" => log with { Keep = Int(p.Value, path) ?? log.Keep },
                    "compress" => log with { Compress = Bool(p.Value, path) ?? true },
                    _ => Unknown(log, path, "enabled, path, maxSize, every, keep, compress"),
                };
            }

            return log;
        }

        private AcmeConfig Acme(JsonElement e, string at)
        {
            var acme = new AcmeConfig();
            if (!IsObject(e, at))
            {
                return acme;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                acme = p.Name switch
                {
                    "ca" => acme with { Ca = String(p.Value, path) },
                    "caTrust" => acme with { CaTrust = String(p.Value, path) },
                    "email" => acme with { Email = String(p.Value, path) },
                    "challenge" => acme with { Challenge = String(p.Value, path) },
                    "dns" => acme with { Dns = DnsProviderConfigReader.Read(p.Value, path, errors) },
                    _ => Unknown(acme, path, "ca, caTrust, email, challenge, dns"),
                };
            }

            return acme;
        }

        private LimitsConfig Limits(JsonElement e, string at)
        {
            var limits = new LimitsConfig();
            if (!IsObject(e, at))
            {
                return limits;
            }

            foreach (var p in e.EnumerateObject())
            {
                var path = $"{at}.{p.Name}";
                limits = p.Name switch
                {
                    "maxHeaderSize" => limits with { MaxHeaderSize = String(p.Value, path) ?? limits.MaxHeaderSize },
                    "maxHeaderCount" => limits with { MaxHeaderCount = Int(p.Value, path) ?? limits.MaxHeaderCount },
                    "headerTimeout" => limits with { HeaderTimeout = String(p.Value, path) ?? limits.HeaderTimeout },
                    "minBodyRate" => limits with { MinBodyRate = Int(p.Value, path) ?? limits.MinBodyRate },
                    "maxBodySize" => limits with { MaxBodySize = String(p.Value, path) ?? limits.MaxBodySize },
                    "shutdownTimeout" => limits with { ShutdownTimeout = String(p.Value, path) ?? limits.ShutdownTimeout },
                    "maxHttp2Streams" => limits with { MaxHttp2Streams = Int(p.Value, path) ?? limits.MaxHttp2Streams },
                    _ => Unknown(limits, path,
                        "maxHeaderSize, maxHeaderCount, headerTimeout, minBodyRate, maxBodySize, shutdownTimeout, maxHttp2Streams"),
                };
            }

            return limits;
        }

        private List<T> List<T>(JsonElement e, string at, Func<JsonElement, string, T> item)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new ConfigError(at, $"must be an array, not {Describe(e)}"));
                return [];
            }

            var list = new List<T>();
            var i = 0;
            foreach (var element in e.EnumerateArray())
            {
                list.Add(item(element, $"{at}[{i++}]"));
            }

            return list;
        }

        private List<string> StringList(JsonElement e, string at) =>
            List(e, at, (element, path) => String(element, path) ?? "");

        private string? String(JsonElement e, string at)
        {
            // Numbers are accepted where a string is expected so "listen": [8080] and "maxSize": 1048576 work.
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    return e.GetString();
                case JsonValueKind.Number:
                    return e.GetRawText();
                case JsonValueKind.Null:
                    return null;
                default:
                    errors.Add(new ConfigError(at, $"must be a string, not {Describe(e)}"));
                    return null;
            }
        }

        private bool? Bool(JsonElement e, string at)
        {
            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return e.GetBoolean();
            }

            errors.Add(new ConfigError(at, $"must be true or false, not {Describe(e)}"));
            return null;
        }

        private int? Int(JsonElement e, string at)
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value))
            {
                return value;
            }

            errors.Add(new ConfigError(at, $"must be a whole number, not {Describe(e)}"));
            return null;
        }

        private bool IsObject(JsonElement e, string at)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            errors.Add(new ConfigError(at, $"must be an object, not {Describe(e)}"));
            return false;
        }

        private T Unknown<T>(T value, string at, string known)
        {
            errors.Add(new ConfigError(at, $"unknown property (known here: {known})"));
            return value;
        }

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{e.GetString()}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.Null => "null",
            _ => e.GetRawText(),
        };
    }
}
