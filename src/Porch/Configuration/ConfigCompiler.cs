using Microsoft.AspNetCore.Http;
using Porch.Access;
using Porch.Forwarding;
using Porch.Hosting;
using Porch.Logging;
using Porch.Net;
using Porch.StaticFiles;
using Porch.Tls;

namespace Porch.Configuration;

/// <summary>
/// Checks every rule of a <see cref="PorchConfig"/> without stopping at the first error, and when there is none builds
/// the <see cref="CompiledConfig"/> snapshot: route tables, host selectors, parsed sizes and durations.
/// Relative paths are resolved against the base directory (the config file's folder).
/// </summary>
internal static class ConfigCompiler
{
    /// <summary>Compiles <paramref name="config"/>; <paramref name="certificates"/> makes the certificate sources of
    /// TLS sites (without one, as in tests of plain HTTP, a TLS site is an error).</summary>
    public static (CompiledConfig? Compiled, IReadOnlyList<ConfigError> Errors) Compile(
        PorchConfig config, string baseDirectory, IHandlerFactory handlers, ICertificateSourceFactory? certificates = null)
    {
        var errors = new List<ConfigError>();
        var limits = CompileLimits(config.Limits, errors);
        var accessLog = CompileAccessLog(config.AccessLog, baseDirectory, errors);
        var trustedProxies = CidrSet.Parse(config.TrustedProxies, out var cidrErrors);
        errors.AddRange(cidrErrors.Select(e => new ConfigError($"$.trustedProxies[{e.Index}]", e.Message)));
        if (config.Sites.Count == 0)
        {
            errors.Add(new ConfigError("$.sites", "no sites: add at least one site with listen and routes"));
        }

        var listeners = new List<CompiledListener>();
        var handlersInUse = new HashSet<IRequestHandler>();
        var selectors = new Dictionary<int, SiteSelector>();
        var sni = new Dictionary<int, SniSelector>();
        var hostsByPort = new Dictionary<int, Dictionary<string, string>>();
        var httpsTargets = new List<HttpsRedirect.Site>();
        var redirects = new Dictionary<int, int>();
        for (var i = 0; i < config.Sites.Count; i++)
        {
            var site = config.Sites[i];
            var at = $"$.sites[{i}]";
            var name = site.Name ?? (site.Hosts.Count > 0 ? site.Hosts[0] : $"site {i}");
            var access = AccessRules.Compile(site.Access, at, name, baseDirectory, errors);
            var compiled = new CompiledSite(name, CompileRoutes(site, at, baseDirectory, limits, handlers, errors))
            {
                Access = access ?? AccessPolicy.Default,
                Hsts = site.Hsts,
            };
            handlersInUse.UnionWith(compiled.Routes.Select(r => r.Handler));
            SiteRules.CheckHosts(site, at, errors);
            var tls = site.Tls is not null && !string.Equals(site.Tls.Mode, TlsConfig.Off, StringComparison.OrdinalIgnoreCase);
            var certificate = CompileCertificates(site, at, baseDirectory, certificates, errors);
            var ports = CompileListeners(site, at, tls, listeners, errors);
            httpsTargets.Add(new HttpsRedirect.Site(compiled.Access, site.Hosts, tls, ports));
            CompileHttpListeners(site, at, tls, ports, listeners, redirects, errors);
            foreach (var port in ports)
            {
                if (certificate is not null)
                {
                    if (!sni.TryGetValue(port, out var names))
                    {
                        sni[port] = names = new SniSelector();
                    }

                    names.Add(site.Hosts, certificate);
                }

                SiteRules.CheckHostsUniqueOnPort(site, name, at, port, hostsByPort, errors);
                if (!selectors.TryGetValue(port, out var selector))
                {
                    selectors[port] = selector = new SiteSelector();
                }

                selector.Add(compiled, site.Hosts);
            }
        }

        var merged = MergeListeners(listeners, errors);
        if (config.TrustedProxies.Count == 0)
        {
            errors.AddRange(merged.Where(l => l.ProxyProtocol).Select(l => new ConfigError($"{l.Origin}.proxyProtocol",
                "a PROXY header is only believed from trustedProxies, and there are none; add your proxy's address to \"trustedProxies\"")));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        HttpsRedirect.Assign(httpsTargets);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new CompiledConfig
        {
            Source = config,
            Listeners = merged,
            SitesByPort = selectors,
            CertificatesByPort = sni,
            HttpsRedirectPorts = redirects,
            AccessLog = accessLog!,
            Limits = limits!,
            TrustedProxies = trustedProxies!,
            Handlers = handlersInUse,
        }, errors);
    }

    /// <summary>The site's certificate source, when it speaks TLS and can get certificates (else errors say why).</summary>
    private static ICertificateSource? CompileCertificates(
        SiteConfig site, string at, string baseDirectory, ICertificateSourceFactory? certificates, List<ConfigError> errors)
    {
        var settings = TlsRules.Check(site.Tls, at, baseDirectory, errors);
        if (settings is null)
        {
            return null;
        }

        if (certificates is null)
        {
            errors.Add(new ConfigError($"{at}.tls", "HTTPS is not available here (no certificate store); use \"off\""));
            return null;
        }

        return certificates.Create(settings, site.Hosts, at, errors);
    }

    private static List<int> CompileListeners(SiteConfig site, string at, bool tls, List<CompiledListener> all, List<ConfigError> errors)
    {
        if (site.Listen.Count == 0)
        {
            errors.Add(new ConfigError($"{at}.listen", $"no listen address; add one such as \"localhost:8080\" ({ListenAddress.Syntax})"));
        }

        var ports = new List<int>();
        for (var j = 0; j < site.Listen.Count; j++)
        {
            var listen = site.Listen[j];
            if (ListenAddress.TryParse(listen.Address, out var address, out var error))
            {
                all.Add(new CompiledListener(address!, tls, listen.ProxyProtocol) { Origin = $"{at}.listen[{j}]" });
                if (!ports.Contains(address!.Port))
                {
                    ports.Add(address.Port);
                }
            }
            else
            {
                errors.Add(new ConfigError($"{at}.listen[{j}]", error!));
            }
        }

        return ports;
    }

    /// <summary>
    /// One socket per port and address: a port bound on every interface already covers its loopback and specific
    /// addresses, and Linux refuses to bind both. Everything on one port shares its bytes, so TLS and the PROXY
    /// header must be the same for all of it.
    /// </summary>
    /// <summary>
    /// A TLS site's plain-HTTP listeners: each port redirects to the site's HTTPS port (443 first, so the URL needs no
    /// port), which must be a fixed one for the redirect to name it.
    /// </summary>
    private static void CompileHttpListeners(
        SiteConfig site, string at, bool tls, List<int> httpsPorts, List<CompiledListener> all, Dictionary<int, int> redirects, List<ConfigError> errors)
    {
        if (site.HttpListen.Count == 0)
        {
            return;
        }

        var target = httpsPorts.Where(p => p != 0).OrderBy(p => p == 443 ? 0 : 1).FirstOrDefault();
        if (!tls || target == 0)
        {
            errors.Add(new ConfigError($"{at}.httpListen", tls
                ? "redirects to the site's HTTPS port, and it has none fixed; give \"listen\" a port such as \"*:443\""
                : "is for TLS sites (it redirects to HTTPS); add \"tls\" to the site or move these addresses to \"listen\""));
            return;
        }

        for (var j = 0; j < site.HttpListen.Count; j++)
        {
            if (!ListenAddress.TryParse(site.HttpListen[j], out var address, out var error))
            {
                errors.Add(new ConfigError($"{at}.httpListen[{j}]", error!));
                continue;
            }

            if (redirects.TryGetValue(address!.Port, out var other) && other != target)
            {
                errors.Add(new ConfigError($"{at}.httpListen[{j}]", $"port {address.Port} already redirects to HTTPS port {other} for another site; use one HTTPS port for both"));
                continue;
            }

            redirects[address.Port] = target;
            all.Add(new CompiledListener(address, false, false) { Origin = $"{at}.httpListen[{j}]" });
        }
    }

    private static List<CompiledListener> MergeListeners(List<CompiledListener> listeners, List<ConfigError> errors)
    {
        var merged = new List<CompiledListener>();
        foreach (var group in listeners.GroupBy(l => l.Address.Port))
        {
            var first = group.First();
            var clash = group.FirstOrDefault(l => l.Tls != first.Tls || l.ProxyProtocol != first.ProxyProtocol);
            if (clash is not null && group.Key != 0)
            {
                var what = clash.Tls != first.Tls ? "TLS" : "proxyProtocol";
                errors.Add(new ConfigError(clash.Origin,
                    $"port {group.Key} is also used by {first.Origin} with a different {what} setting; one port carries one kind of traffic, so give them the same setting or different ports"));
                continue;
            }

            var addresses = group.GroupBy(l => l.Address).Select(g => g.First()).ToList();
            var any = addresses.FirstOrDefault(l => l.Address.Scope == ListenScope.AnyInterface);
            if (any is not null && any.Address.Port != 0)
            {
                merged.Add(any);
                continue;
            }

            var hasLoopback = addresses.Any(l => l.Address.Scope == ListenScope.Loopback) && group.Key != 0;
            merged.AddRange(addresses.Where(l =>
                !(hasLoopback && l.Address.Scope == ListenScope.Address && System.Net.IPAddress.IsLoopback(l.Address.Address!))));
        }

        return merged;
    }

    private static List<CompiledRoute> CompileRoutes(
        SiteConfig site, string at, string baseDirectory, ServerLimits? limits, IHandlerFactory handlers, List<ConfigError> errors)
    {
        if (site.Routes.Count == 0)
        {
            errors.Add(new ConfigError($"{at}.routes", "no routes; add one such as { \"path\": \"/\", \"root\": \"./site\" }"));
        }

        var routes = new List<CompiledRoute>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < site.Routes.Count; j++)
        {
            var route = site.Routes[j];
            var routeAt = $"{at}.routes[{j}]";
            var prefix = RouteRules.CheckPath(route, routeAt, errors);
            if (prefix is not null && !seen.Add(prefix))
            {
                errors.Add(new ConfigError($"{routeAt}.path", $"\"{prefix}\" appears twice in this site; merge the two routes"));
            }

            var maxBody = RouteRules.CheckMaxBodySize(route, routeAt, limits?.DefaultMaxBodySize, errors);
            var handler = route.Handler ?? RouteRules.CheckTarget(route, routeAt, baseDirectory, errors) switch
            {
                StaticFileOptions s => handlers.StaticFiles(s),
                ForwarderOptions f => handlers.Forwarder(f),
                _ => null,
            };

            if (prefix is not null && handler is not null)
            {
                routes.Add(new CompiledRoute(new PathString(prefix), handler, maxBody));
            }
        }

        return routes;
    }

    private static ServerLimits? CompileLimits(LimitsConfig limits, List<ConfigError> errors)
    {
        const string at = "$.limits";
        var ok = true;
        if (!ByteSize.TryParse(limits.MaxHeaderSize, out var headerBytes) || headerBytes < 1024 || headerBytes > 1 << 20)
        {
            errors.Add(new ConfigError($"{at}.maxHeaderSize", $"\"{limits.MaxHeaderSize}\" must be a size between 1KB and 1MB, e.g. \"32KB\""));
            ok = false;
        }

        if (limits.MaxHeaderCount is < 1 or > 10_000)
        {
            errors.Add(new ConfigError($"{at}.maxHeaderCount", $"{limits.MaxHeaderCount} must be between 1 and 10000"));
            ok = false;
        }

        if (!Duration.TryParse(limits.HeaderTimeout, out var headerTimeout) || headerTimeout <= TimeSpan.Zero)
        {
            errors.Add(new ConfigError($"{at}.headerTimeout", $"\"{limits.HeaderTimeout}\" must be a duration such as \"15s\""));
            ok = false;
        }

        if (limits.MinBodyRate < 0)
        {
            errors.Add(new ConfigError($"{at}.minBodyRate", "must be 0 (no minimum) or more bytes per second"));
            ok = false;
        }

        var maxBody = RouteRules.ParseBodySize(limits.MaxBodySize, $"{at}.maxBodySize", errors, out var bodyOk);
        if (!Duration.TryParse(limits.ShutdownTimeout, out var shutdown))
        {
            errors.Add(new ConfigError($"{at}.shutdownTimeout", $"\"{limits.ShutdownTimeout}\" must be a duration such as \"10s\""));
            ok = false;
        }

        if (limits.MaxHttp2Streams is < 1 or > 100_000)
        {
            errors.Add(new ConfigError($"{at}.maxHttp2Streams", $"{limits.MaxHttp2Streams} must be between 1 and 100000"));
            ok = false;
        }

        return ok && bodyOk
            ? new ServerLimits(headerBytes, limits.MaxHeaderCount, headerTimeout, limits.MinBodyRate, maxBody, shutdown)
            {
                MaxHttp2Streams = limits.MaxHttp2Streams,
            }
            : null;
    }

    private static AccessLogSettings? CompileAccessLog(AccessLogConfig log, string baseDirectory, List<ConfigError> errors)
    {
        const string at = "$.accessLog";
        var ok = true;
        long? maxSize = null;
        if (log.MaxSize is not null)
        {
            if (ByteSize.TryParse(log.MaxSize, out var size) && size >= 1024)
            {
                maxSize = size;
            }
            else
            {
                errors.Add(new ConfigError($"{at}.maxSize", $"\"{log.MaxSize}\" must be a size of at least 1KB, e.g. \"100MB\""));
                ok = false;
            }
        }

        RotationInterval? every = null;
        if (log.Every is not null)
        {
            if (Enum.TryParse<RotationInterval>(log.Every, ignoreCase: true, out var interval) && !int.TryParse(log.Every, out _))
            {
                every = interval;
            }
            else
            {
                errors.Add(new ConfigError($"{at}.every", $"\"{log.Every}\" must be hourly, daily, weekly or monthly"));
                ok = false;
            }
        }

        if (log.Keep is < 1 or > 1000)
        {
            errors.Add(new ConfigError($"{at}.keep", $"{log.Keep} must be between 1 and 1000 rotated files"));
            ok = false;
        }

        var path = log.Path is null or "-" ? null : Path.GetFullPath(log.Path, baseDirectory);
        if (path is null && (log.MaxSize is not null || log.Every is not null))
        {
            errors.Add(new ConfigError($"{at}.path", "rotation (maxSize, every) needs a log file; set \"path\""));
            ok = false;
        }

        return ok ? new AccessLogSettings(log.Enabled, path, maxSize, every, log.Keep, log.Compress) : null;
    }
}
