using Porch.Configuration;

namespace Porch.Access;

/// <summary>One line per site for the startup banner: who gets in, and how to change it.</summary>
internal static class AccessSummary
{
    public static IEnumerable<string> Lines(PorchConfig config)
    {
        foreach (var site in config.Sites)
        {
            var prefix = config.Sites.Count > 1 ? $"{site.Name ?? "site"}: " : "";
            yield return prefix + Describe(site.Access ?? new AccessConfig());
        }
    }

    public static string Describe(AccessConfig access)
    {
        var hasUsers = access.Users.Count > 0 || access.Htpasswd is not null;
        var remote = access.Remote?.ToLowerInvariant() ?? (hasUsers ? "password" : "deny");
        var local = access.Local?.ToLowerInvariant() == "password" ? "sign in" : "get in";
        return remote switch
        {
            "allow" => "Everyone who can reach the port gets in: clients on your network and remote clients alike.",
            "password" => $"Clients on this machine and your network {local}; remote clients sign in with a password, over HTTPS only.",
            _ => $"Clients on this machine and your network {local}; remote clients are refused. " +
                "Add --remote-password USER to let them sign in, or --remote allow.",
        };
    }
}
