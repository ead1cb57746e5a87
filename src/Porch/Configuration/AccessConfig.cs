namespace Porch.Configuration;

/// <summary>
/// Who may use a site: local clients, remote clients, passwords, address lists, a rate limit and the frame policy.
/// Strings stay strings here; <see cref="Access.AccessRules"/> checks them and builds the site's access policy.
/// </summary>
internal sealed record AccessConfig
{
    /// <summary><c>allow</c> (default) or <c>password</c>: what a client on this machine or its networks must do.</summary>
    public string? Local { get; init; }

    /// <summary><c>password</c>, <c>deny</c> or <c>allow</c>; default password when users are set, else deny.</summary>
    public string? Remote { get; init; }

    /// <summary><c>USER:HASH</c> lines, as printed by <c>porch passwd USER</c>.</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>An htpasswd file (bcrypt, {SHA} or Porch's PBKDF2 lines), reloaded when it changes.</summary>
    public string? Htpasswd { get; init; }

    /// <summary>More networks (CIDR) whose clients count as local, beside loopback and this machine's own networks.</summary>
    public IReadOnlyList<string> LocalNetworks { get; init; } = [];

    /// <summary>When set, only these networks (CIDR) may connect.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>These networks (CIDR) are refused; deny wins over allow.</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];

    public RateLimitConfig? RateLimit { get; init; }

    /// <summary><c>SAMEORIGIN</c> (default), <c>DENY</c> or <c>off</c>: the X-Frame-Options header.</summary>
    public string? FrameOptions { get; init; }
}
