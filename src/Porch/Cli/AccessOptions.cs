using System.CommandLine;
using System.Globalization;
using Porch.Access.Passwords;
using Porch.Configuration;
using Porch.Net;

namespace Porch.Cli;

/// <summary>
/// Who may connect, on the one-line verbs (serve, proxy): <c>--remote-password USER</c>, <c>--remote MODE</c>,
/// <c>--allow CIDR</c>, <c>--deny CIDR</c>, <c>--rate-limit N/s</c>. They build the site's <c>access</c> object, the
/// same one porch.json has.
/// </summary>
internal sealed class AccessOptions
{
    public Option<string?> RemotePassword { get; } = new("--remote-password")
    {
        Description = "Remote clients sign in as USER (password from PORCH_PASSWORD or a prompt; accepted only over HTTPS)",
        HelpName = "USER",
    };

    public Option<string?> Remote { get; } = new("--remote")
    {
        Description = "What remote clients get: password, deny (default without --remote-password) or allow",
        HelpName = "MODE",
    };

    public Option<string[]> Allow { get; } = new("--allow")
    {
        Description = "Only these networks may connect (CIDR, repeatable)",
        HelpName = "CIDR",
    };

    public Option<string[]> Deny { get; } = new("--deny")
    {
        Description = "Refuse these networks (CIDR, repeatable; wins over --allow)",
        HelpName = "CIDR",
    };

    public Option<string?> RateLimit { get; } = new("--rate-limit")
    {
        Description = "Requests per client address, such as 10/s or 600/m",
        HelpName = "N/s",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(RemotePassword);
        command.Options.Add(Remote);
        command.Options.Add(Allow);
        command.Options.Add(Deny);
        command.Options.Add(RateLimit);
        command.Validators.Add(result =>
        {
            foreach (var error in Check(result))
            {
                result.AddError(error);
            }
        });
    }

    /// <summary>The site's access object, or null (and why on standard error) when the password could not be read.</summary>
    public AccessConfig? Build(ParseResult result, PasswordInput input)
    {
        var user = result.GetValue(RemotePassword);
        var users = new List<string>();
        if (user is not null)
        {
            var password = input.Read(user, "--remote-password");
            if (password is null)
            {
                return null;
            }

            users.Add($"{user}:{Pbkdf2Hash.Create(password)}");
        }

        var limit = result.GetValue(RateLimit);
        return new AccessConfig
        {
            Remote = result.GetValue(Remote),
            Users = users,
            Allow = result.GetValue(Allow) ?? [],
            Deny = result.GetValue(Deny) ?? [],
            RateLimit = limit is null ? null : ParseRate(limit, out _),
        };
    }

    /// <summary>"10/s", "600/m": requests per second or minute, with a burst of the same size.</summary>
    public static RateLimitConfig? ParseRate(string text, out string? error)
    {
        error = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var unit = slash < 0 ? "" : text[(slash + 1)..].Trim().ToLowerInvariant();
        var per = unit switch { "s" or "sec" or "second" => "1s", "m" or "min" or "minute" => "1m", _ => null };
        if (per is null || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
            n is < 1 or > Access.AccessRules.MaxRequests)
        {
            error = $"--rate-limit \"{text}\" is not a rate; write requests per second or per minute, such as 10/s or 600/m";
            return null;
        }

        return new RateLimitConfig { Requests = n, Per = per, Burst = n };
    }

    private IEnumerable<string> Check(System.CommandLine.Parsing.CommandResult result)
    {
        if (result.GetValue(RemotePassword) is { } user && UserName.Problem(user) is { } problem)
        {
            yield return $"--remote-password USER {problem}";
        }

        var remote = result.GetValue(Remote);
        if (remote is not null && remote is not ("password" or "deny" or "allow"))
        {
            yield return $"--remote \"{remote}\" must be password, deny or allow";
        }

        if (remote == "password" && result.GetValue(RemotePassword) is null)
        {
            yield return "--remote password needs a user: add --remote-password USER";
        }

        foreach (var (option, flag) in new[] { (Allow, "--allow"), (Deny, "--deny") })
        {
            foreach (var cidr in result.GetValue(option) ?? [])
            {
                if (!CidrSet.TryParseNetwork(cidr, out _, out var error))
                {
                    yield return $"{flag} {error}";
                }
            }
        }

        if (result.GetValue(RateLimit) is { } rate && ParseRate(rate, out var rateError) is null)
        {
            yield return rateError!;
        }
    }
}
