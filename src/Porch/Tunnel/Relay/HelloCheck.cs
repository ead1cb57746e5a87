using System.Globalization;
using Porch.Access;
using Porch.Configuration;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// Checks a client's hello field by field. A bad field is refused with <see cref="TunnelErrorCode.BadHello"/> (or
/// <see cref="TunnelErrorCode.BadName"/>) and a message naming the field and the fix, for the client to print.
/// </summary>
internal static class HelloCheck
{
    /// <summary>The refusal a tunnel's visitor reads when the sharer let nobody in: it names <c>porch share</c>'s options.</summary>
    public const string NotOpen =
        "This tunnel is not open to the public. The person sharing it can let everyone in with `porch share ... --remote allow`, " +
        "or ask visitors for a password with `porch share ... --remote-password USER`.";

    public static TunnelHello? Check(HelloMessage hello, out ErrorMessage? error)
    {
        error = null;
        if (hello.Version != TunnelProtocol.Version)
        {
            error = new ErrorMessage(TunnelErrorCode.BadHello,
                $"hello.version {hello.Version} is not spoken by this relay (it speaks {TunnelProtocol.Version}); update porch on the older side");
            return null;
        }

        if (hello.Name is not null && !TunnelName.IsValid(hello.Name, out var nameError))
        {
            error = new ErrorMessage(TunnelErrorCode.BadName, $"hello.name {nameError}");
            return null;
        }

        if (hello.Scheme is not ("http" or "h2c"))
        {
            error = new ErrorMessage(TunnelErrorCode.BadHello, $"hello.scheme \"{hello.Scheme}\" must be \"http\" or \"h2c\"");
            return null;
        }

        if (hello.BasePath is null || (hello.BasePath.Length > 0 && hello.BasePath[0] != '/')
            || !Uri.TryCreate($"http://tunnel{hello.BasePath}", UriKind.Absolute, out _))
        {
            error = new ErrorMessage(TunnelErrorCode.BadHello, $"hello.basePath \"{hello.BasePath}\" must be empty or a path such as \"/app\"");
            return null;
        }

        if (string.IsNullOrWhiteSpace(hello.Target) || hello.Target.Length > 2048)
        {
            error = new ErrorMessage(TunnelErrorCode.BadHello, "hello.target must name the app being shared, such as \"http://127.0.0.1:8000\"");
            return null;
        }

        var name = hello.Name ?? TunnelName.Random();
        var policy = Compile(hello.Access, name, out var accessError);
        if (policy is null)
        {
            error = new ErrorMessage(TunnelErrorCode.BadHello, accessError!);
            return null;
        }

        return new TunnelHello(name, hello.Name is null, hello.Scheme, hello.BasePath.TrimEnd('/'), hello.Target, policy) { Tcp = hello.Tcp };
    }

    /// <summary>
    /// Compiles the share side's rules through the same <see cref="AccessRules"/> as porch.json, then marks every
    /// visitor remote: on a relay, a visitor's address says nothing about the sharer's network.
    /// </summary>
    private static AccessPolicy? Compile(TunnelAccess? access, string name, out string? error)
    {
        error = null;
        var config = access is null ? null : new AccessConfig
        {
            Remote = access.Remote,
            Users = access.Users ?? [],
            Allow = access.Allow ?? [],
            Deny = access.Deny ?? [],
            RateLimit = access.RateLimitRequests is { } requests
                ? new RateLimitConfig
                {
                    Requests = requests,
                    Per = (access.RateLimitPerSeconds ?? 1).ToString("0.###", CultureInfo.InvariantCulture) + "s",
                }
                : null,
        };
        var errors = new List<ConfigError>();
        var compiled = AccessRules.Compile(config, "hello", name, Environment.CurrentDirectory, errors);
        if (compiled is null)
        {
            error = string.Join("; ", errors.Select(e => e.ToString()));
            return null;
        }

        return new AccessPolicy
        {
            Local = compiled.Local,
            Remote = compiled.Remote,
            Users = compiled.Users,
            Allow = compiled.Allow,
            Deny = compiled.Deny,
            RateLimit = compiled.RateLimit,
            Headers = compiled.Headers,
            Realm = name,
            EveryoneRemote = true,
            RemoteRefusal = NotOpen,
        };
    }
}
