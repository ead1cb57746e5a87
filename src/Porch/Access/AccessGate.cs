using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Porch.Access.Passwords;
using Porch.Hosting;
using Porch.Net;

namespace Porch.Access;

/// <summary>
/// Applies a site's <see cref="AccessPolicy"/> to one request, once, after the site is chosen and before routing:
/// <list type="number">
/// <item>Security headers are set (a proxied app's own values replace them later).</item>
/// <item>The real client address (<see cref="ClientAddress"/>, never the socket) is checked against deny, then allow: 403.</item>
/// <item>The client's token bucket must have a token: else 429 with Retry-After (RFC 6585 §4).</item>
/// <item>Local or remote decides the mode. Allow passes; deny answers 403 with how the owner can let people in.</item>
/// <item>Password: only over TLS or from loopback (a plain-HTTP client is redirected to HTTPS, or told why not); then
/// Basic credentials (RFC 7617), checked after the client's failed-attempt delay; a failure is counted and logged.</item>
/// </list>
/// Returns true when the request may go on; otherwise the answer has been written.
/// </summary>
internal static partial class AccessGate
{
    public static ValueTask<bool> CheckAsync(HttpContext context, AccessPolicy policy, ILogger logger, TimeProvider time)
    {
        policy.Headers.Apply(context.Response.Headers);
        var address = ClientAddress.Of(context);
        var screen = Screen(policy, address, out var retryAfter);
        if (screen == AddressScreen.Listed)
        {
            LogRefused(logger, address, policy.Realm, "address list");
            return Refuse(ErrorPage.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                $"Your address ({Show(address)}) may not use this site."));
        }

        if (screen == AddressScreen.RateLimited && policy.RateLimit is { } limiter)
        {
            LogRefused(logger, address, policy.Realm, "rate limit");
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Refuse(ErrorPage.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests",
                $"This site accepts {limiter.Requests} requests per {limiter.Per.TotalSeconds:0.###} s from one address. Wait a moment and try again."));
        }

        return policy.ModeFor(address) switch
        {
            AccessMode.Allow => ValueTask.FromResult(true),
            AccessMode.Deny => RefuseRemote(context, policy, address, logger),
            _ => PasswordAsync(context, policy, address, logger, time),
        };
    }

    /// <summary>
    /// The checks that need only the client's address: deny and allow lists (deny wins), then one token of the
    /// address's rate limit. HTTP requests and the relay's raw TCP connections both pass through it.
    /// </summary>
    public static AddressScreen Screen(AccessPolicy policy, IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (policy.IsRefused(address))
        {
            return AddressScreen.Listed;
        }

        return policy.RateLimit is { } limiter && !limiter.TryAcquire(address, out retryAfter) ? AddressScreen.RateLimited : AddressScreen.Pass;
    }

    private static ValueTask<bool> RefuseRemote(HttpContext context, AccessPolicy policy, IPAddress? address, ILogger logger)
    {
        LogRefused(logger, address, policy.Realm, "remote client");
        return Refuse(ErrorPage.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", policy.RemoteRefusal ??
            $"This site only answers this computer and its local network, and your address ({Show(address)}) is remote. " +
            "To let remote people in, the owner can start Porch with --remote-password USER (they then sign in over HTTPS), " +
            "or allow everyone with --remote allow (\"access\": { \"remote\": \"allow\" } in porch.json)."));
    }

    private static async ValueTask<bool> PasswordAsync(HttpContext context, AccessPolicy policy, IPAddress? address, ILogger logger, TimeProvider time)
    {
        // A Basic password is readable by anyone on the path unless the connection is encrypted or never leaves this machine.
        if (!context.Request.IsHttps && (address is null || !IPAddress.IsLoopback(address)))
        {
            if (policy.HttpsPort is { } port)
            {
                RedirectToHttps(context, port);
                return false;
            }

            await ErrorPage.WriteAsync(context, StatusCodes.Status403Forbidden, "HTTPS needed",
                $"This site asks for a password from your address ({Show(address)}), but this connection is plain HTTP: " +
                "a password sent over it could be read by anyone on the way, so Porch does not ask for one. " +
                "The owner can turn on HTTPS for this site (\"tls\": \"internal\" in porch.json), " +
                "or list your network in \"localNetworks\" if it is trusted.");
            return false;
        }

        if (!BasicCredentials.TryParse(context.Request.Headers.Authorization, out var user, out var password))
        {
            await ChallengeAsync(context, policy);
            return false;
        }

        var delay = policy.Throttle.DelayFor(address);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, time, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        UserStore.Verification verdict;
        try
        {
            verdict = await policy.Users!.VerifyAsync(user, password, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        if (verdict.ReloadErrors is not null)
        {
            LogHtpasswdUnusable(logger, string.Join("; ", verdict.ReloadErrors));
        }

        if (verdict.Ok)
        {
            policy.Throttle.Succeeded(address);
            return true;
        }

        var failures = policy.Throttle.Failed(address);
        LogFailedPassword(logger, user, address, policy.Realm, failures, FailedLoginThrottle.Delay(failures));
        await ChallengeAsync(context, policy);
        return false;
    }

    private static Task ChallengeAsync(HttpContext context, AccessPolicy policy)
    {
        context.Response.Headers.WWWAuthenticate = BasicCredentials.Challenge(policy.Realm);
        return ErrorPage.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "This site needs a user name and password.");
    }

    /// <summary>307 keeps the method and body (RFC 9110 §15.4.8), so a form post arrives over HTTPS as sent.</summary>
    private static void RedirectToHttps(HttpContext context, int port)
    {
        var request = context.Request;
        var host = port == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, port);
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = $"https://{host.ToUriComponent()}{request.PathBase}{request.Path}{request.QueryString}";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = 0;
    }

    private static async ValueTask<bool> Refuse(Task write)
    {
        await write;
        return false;
    }

    private static string Show(IPAddress? address) => address?.ToString() ?? "unknown";

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Wrong password for user \"{User}\" from {Address} on site {Site}: {Failures} failure(s) in a row, the next attempt waits {Delay}")]
    private static partial void LogFailedPassword(ILogger logger, string user, IPAddress? address, string site, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Refused {Address} on site {Site}: {Reason}")]
    private static partial void LogRefused(ILogger logger, IPAddress? address, string site, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "The htpasswd file changed but cannot be used, so the users loaded before stay: {Errors}")]
    private static partial void LogHtpasswdUnusable(ILogger logger, string errors);
}
