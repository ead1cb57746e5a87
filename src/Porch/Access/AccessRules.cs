using Porch.Access.Passwords;
using Porch.Configuration;
using Porch.Net;

namespace Porch.Access;

/// <summary>
/// Checks a site's <c>access</c> object, every rule with its JSON path, and builds its <see cref="AccessPolicy"/>:
/// modes resolved to their defaults, hashes parsed, the htpasswd file loaded, CIDR lists and the rate compiled.
/// </summary>
internal static class AccessRules
{
    public const int MaxRequests = 1_000_000;
    public const string HowToAddUsers = "add \"users\": [\"USER:HASH\"] (print a line with `porch passwd USER`) or \"htpasswd\": \"FILE\"";

    public static AccessPolicy? Compile(AccessConfig? config, string at, string realm, string baseDirectory, List<ConfigError> errors)
    {
        if (config is null)
        {
            return new AccessPolicy { Realm = realm };
        }

        at += ".access";
        var before = errors.Count;
        var users = CompileUsers(config, at, baseDirectory, errors);
        var local = Mode(config.Local, $"{at}.local", AccessMode.Allow, errors, AccessMode.Allow, AccessMode.Password);
        var remote = Mode(config.Remote, $"{at}.remote", users is null ? AccessMode.Deny : AccessMode.Password, errors,
            AccessMode.Password, AccessMode.Deny, AccessMode.Allow);
        foreach (var (mode, name) in new[] { (local, "local"), (remote, "remote") })
        {
            if (mode == AccessMode.Password && users is null && errors.Count == before)
            {
                errors.Add(new ConfigError($"{at}.{name}", $"\"password\" needs users: {HowToAddUsers}"));
            }
        }

        var policy = new AccessPolicy
        {
            Local = local,
            Remote = remote,
            Users = users,
            LocalNetworks = Cidrs(config.LocalNetworks, $"{at}.localNetworks", errors),
            Allow = Cidrs(config.Allow, $"{at}.allow", errors),
            Deny = Cidrs(config.Deny, $"{at}.deny", errors),
            RateLimit = config.RateLimit is null ? null : RateLimit(config.RateLimit, $"{at}.rateLimit", errors),
            Headers = Frames(config.FrameOptions, $"{at}.frameOptions", errors),
            Realm = realm,
        };
        return errors.Count == before ? policy : null;
    }

    private static UserStore? CompileUsers(AccessConfig config, string at, string baseDirectory, List<ConfigError> errors)
    {
        var inline = new Dictionary<string, IPasswordHash>(StringComparer.Ordinal);
        for (var i = 0; i < config.Users.Count; i++)
        {
            if (!HtpasswdFile.TryParseLine(config.Users[i], out var user, out var hash, out var error))
            {
                errors.Add(new ConfigError($"{at}.users[{i}]", error!));
            }
            else if (!inline.TryAdd(user!, hash!))
            {
                errors.Add(new ConfigError($"{at}.users[{i}]", $"user \"{user}\" appears twice; keep one line per user"));
            }
        }

        HtpasswdSource? file = null;
        if (config.Htpasswd is not null)
        {
            var path = Path.GetFullPath(config.Htpasswd, baseDirectory);
            if (!File.Exists(path))
            {
                errors.Add(new ConfigError($"{at}.htpasswd", $"file \"{path}\" does not exist; create it with `htpasswd -cB {path} USER` or fix the path"));
            }
            else
            {
                file = HtpasswdSource.Load(path, TimeProvider.System, out var fileErrors);
                errors.AddRange(fileErrors.Select(e => new ConfigError($"{at}.htpasswd", e)));
            }
        }

        return inline.Count == 0 && file is null ? null : new UserStore(inline, file, TimeProvider.System);
    }

    private static AccessMode Mode(string? text, string at, AccessMode fallback, List<ConfigError> errors, params AccessMode[] allowed)
    {
        if (text is null)
        {
            return fallback;
        }

        foreach (var mode in allowed)
        {
            if (text.Equals(mode.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        var names = string.Join(", ", allowed.Select(m => $"\"{m.ToString().ToLowerInvariant()}\""));
        errors.Add(new ConfigError(at, $"\"{text}\" must be one of {names}"));
        return fallback;
    }

    private static CidrSet Cidrs(IReadOnlyList<string> entries, string at, List<ConfigError> errors)
    {
        var set = CidrSet.Parse(entries, out var bad);
        foreach (var (index, message) in bad)
        {
            errors.Add(new ConfigError($"{at}[{index}]", message));
        }

        return set ?? CidrSet.Empty;
    }

    private static ClientRateLimiter? RateLimit(RateLimitConfig limit, string at, List<ConfigError> errors)
    {
        var before = errors.Count;
        if (limit.Requests is < 1 or > MaxRequests)
        {
            errors.Add(new ConfigError($"{at}.requests", $"{limit.Requests} must be a number of requests from 1 to {MaxRequests}"));
        }

        if (!Duration.TryParse(limit.Per, out var per) || per < TimeSpan.FromMilliseconds(1) || per > TimeSpan.FromDays(1))
        {
            errors.Add(new ConfigError($"{at}.per", $"\"{limit.Per}\" must be a duration from 1ms to 1d, such as \"1s\" or \"1m\""));
        }

        var burst = limit.Burst ?? limit.Requests;
        if (burst is < 1 or > MaxRequests)
        {
            errors.Add(new ConfigError($"{at}.burst", $"{burst} must be a number of requests from 1 to {MaxRequests}"));
        }

        return errors.Count == before ? new ClientRateLimiter(limit.Requests, per, burst, TimeProvider.System) : null;
    }

    private static SecurityHeaders Frames(string? text, string at, List<ConfigError> errors)
    {
        switch (text?.ToUpperInvariant())
        {
            case null:
                return SecurityHeaders.Default;
            case "SAMEORIGIN":
            case "DENY":
                return new SecurityHeaders(text.ToUpperInvariant());
            case "OFF":
                return new SecurityHeaders(null);
            default:
                errors.Add(new ConfigError(at, $"\"{text}\" must be \"SAMEORIGIN\", \"DENY\" or \"off\""));
                return SecurityHeaders.Default;
        }
    }
}
