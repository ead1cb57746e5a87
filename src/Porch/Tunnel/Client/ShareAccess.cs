using Porch.Access.Passwords;
using Porch.Configuration;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// The hello's access rules from the command's access options. A share is safe by default and still usable: without
/// <c>--remote</c> or <c>--remote-password</c>, visitors sign in as <c>guest</c> with a generated password. Only
/// hashes leave this machine (PBKDF2, as <c>porch passwd</c> prints them).
/// </summary>
internal static class ShareAccess
{
    /// <summary>The rules to send, and the generated guest password to show (null when the user chose the rules).</summary>
    public static (TunnelAccess Access, string? GuestPassword) Build(AccessConfig options, Func<string> generatePassword)
    {
        string? guest = null;
        if (options.Remote is null && options.Users.Count == 0)
        {
            guest = generatePassword();
            options = options with { Remote = "password", Users = [$"{GuestPassword.User}:{Pbkdf2Hash.Create(guest)}"] };
        }

        var limit = options.RateLimit;
        var access = new TunnelAccess(
            options.Remote,
            options.Users,
            options.Allow,
            options.Deny,
            limit?.Requests,
            limit is null ? null : PerSeconds(limit.Per));
        return (access, guest);
    }

    /// <summary>A rate's period (<c>1s</c>, <c>1m</c>) in seconds.</summary>
    private static double PerSeconds(string per) =>
        Duration.TryParse(per, out var span) ? span.TotalSeconds : throw new ArgumentException($"\"{per}\" is not a duration", nameof(per));
}
