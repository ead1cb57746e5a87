using Porch.Forwarding;
using Porch.StaticFiles;

namespace Porch.Configuration;

/// <summary>Rules about one route: its path prefix, its single target, its body limit and timeout.</summary>
internal static class RouteRules
{
    public static string? CheckPath(RouteConfig route, string at, List<ConfigError> errors)
    {
        var path = route.Path;
        if (!path.StartsWith('/') || path.Contains("..", StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal) ||
            path.Contains('#', StringComparison.Ordinal) || path.Contains('%', StringComparison.Ordinal))
        {
            errors.Add(new ConfigError($"{at}.path", $"\"{path}\" must be a plain path prefix starting with '/', e.g. \"/api\""));
            return null;
        }

        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>Returns the static or forwarding options of the route, or null after reporting why it has none.</summary>
    public static object? CheckTarget(RouteConfig route, string at, string baseDirectory, List<ConfigError> errors)
    {
        if ((route.Root is null) == (route.Upstream is null))
        {
            errors.Add(new ConfigError(at, "needs exactly one of \"root\" (a folder to serve) or \"upstream\" (an app to proxy to)"));
            return null;
        }

        if (route.Root is not null)
        {
            if (route.UpstreamTimeout is not null)
            {
                errors.Add(new ConfigError($"{at}.upstreamTimeout", "only applies to routes with an \"upstream\""));
            }

            var root = Path.GetFullPath(route.Root, baseDirectory);
            if (!Directory.Exists(root))
            {
                errors.Add(new ConfigError($"{at}.root", $"folder \"{root}\" does not exist; create it or fix the path"));
                return null;
            }

            return new StaticFileOptions(root, route.Browse);
        }

        if (route.Browse)
        {
            errors.Add(new ConfigError($"{at}.browse", "only applies to routes with a \"root\""));
        }

        if (!UpstreamAddress.TryParse(route.Upstream, out var upstream, out var error))
        {
            errors.Add(new ConfigError($"{at}.upstream", error!));
            return null;
        }

        var timeout = ForwarderOptions.DefaultResponseTimeout;
        if (route.UpstreamTimeout is not null && (!Duration.TryParse(route.UpstreamTimeout, out timeout) || timeout <= TimeSpan.Zero))
        {
            errors.Add(new ConfigError($"{at}.upstreamTimeout", $"\"{route.UpstreamTimeout}\" must be a duration such as \"60s\""));
            return null;
        }

        return new ForwarderOptions(upstream!, timeout);
    }

    public static long? CheckMaxBodySize(RouteConfig route, string at, long? defaultSize, List<ConfigError> errors) =>
        route.MaxBodySize is null ? defaultSize : ParseBodySize(route.MaxBodySize, $"{at}.maxBodySize", errors, out _);

    /// <summary>A body size, or "unlimited" for null (no limit).</summary>
    public static long? ParseBodySize(string text, string at, List<ConfigError> errors, out bool ok)
    {
        ok = true;
        if (string.Equals(text, "unlimited", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (ByteSize.TryParse(text, out var size))
        {
            return size;
        }

        errors.Add(new ConfigError(at, $"\"{text}\" must be a size such as \"10MB\", or \"unlimited\""));
        ok = false;
        return null;
    }
}
