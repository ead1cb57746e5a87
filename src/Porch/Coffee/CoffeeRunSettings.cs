using Porch.Coffee.Web;
using Porch.Configuration;

namespace Porch.Coffee;

/// <summary>What <c>porch coffee</c> starts: the pot, the web front end, or both (the front end then talks to this pot).</summary>
internal sealed record CoffeeRunSettings
{
    /// <summary>Where the pot listens; null to run no pot.</summary>
    public ListenAddress? Pot { get; init; }

    /// <summary>Where the front end listens; null to run no front end.</summary>
    public ListenAddress? Web { get; init; }

    /// <summary>The pot the front end talks to when this process runs none.</summary>
    public PotAddress? RemotePot { get; init; }

    /// <summary>Serve the front end over HTTPS with certificates from the local CA; null for plain HTTP.</summary>
    public Tls.InternalCertificateSource? Https { get; init; }

    public TimeSpan BrewTime { get; init; } = TimeSpan.FromSeconds(30);
}
