using System.Net;
using Porch.Access.Passwords;
using Porch.Net;

namespace Porch.Access;

/// <summary>
/// One site's access rules, compiled from its <c>access</c> object: who is local, what local and remote clients must
/// do, the users, the address lists, the rate limit and the security headers. Built once per configuration; the
/// per-client tables (rate limit, failed logins) live as long as the snapshot.
/// </summary>
internal sealed class AccessPolicy
{
    public static AccessPolicy Default { get; } = new();

    public AccessMode Local { get; init; } = AccessMode.Allow;

    public AccessMode Remote { get; init; } = AccessMode.Deny;

    /// <summary>Null when the site has no users (then neither mode is <see cref="AccessMode.Password"/>).</summary>
    public UserStore? Users { get; init; }

    public CidrSet LocalNetworks { get; init; } = CidrSet.Empty;

    public CidrSet Allow { get; init; } = CidrSet.Empty;

    public CidrSet Deny { get; init; } = CidrSet.Empty;

    public ClientRateLimiter? RateLimit { get; init; }

    public SecurityHeaders Headers { get; init; } = SecurityHeaders.Default;

    public FailedLoginThrottle Throttle { get; init; } = new(TimeProvider.System);

    /// <summary>
    /// Where a plain-HTTP client that needs a password is sent: the port of an HTTPS listener for the same host names,
    /// if any. Set by <see cref="HttpsRedirect.Assign"/> while the snapshot is compiled, never after.
    /// </summary>
    public int? HttpsPort { get; set; }

    /// <summary>The realm named in the password prompt (the site's name).</summary>
    public string Realm { get; init; } = "porch";

    /// <summary>
    /// Every client is remote, whatever its address: a tunnel's public side, where a visitor's address says nothing
    /// about being on the sharer's network (and on a test relay on loopback would otherwise pass as local).
    /// </summary>
    public bool EveryoneRemote { get; init; }

    /// <summary>
    /// What a refused remote client reads instead of the site's wording (which names porch's own flags and porch.json);
    /// a tunnel names <c>porch share</c>'s options. Null: the site's wording.
    /// </summary>
    public string? RemoteRefusal { get; init; }

    /// <summary>
    /// Local: loopback, this machine's own networks, or a configured local network. Everything else, and a request
    /// with no address at all, is remote.
    /// </summary>
    public bool IsLocal(IPAddress? address) =>
        !EveryoneRemote && address is not null &&
        (IPAddress.IsLoopback(address) || MachineNetworks.Instance.Contains(address) || LocalNetworks.Contains(address));

    /// <summary>Deny wins; a non-empty allow list refuses everyone it does not name.</summary>
    public bool IsRefused(IPAddress? address) => Deny.Contains(address) || (!Allow.IsEmpty && !Allow.Contains(address));

    public AccessMode ModeFor(IPAddress? address) => IsLocal(address) ? Local : Remote;
}
