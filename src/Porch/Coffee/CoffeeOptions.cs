using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>How the pot server behaves. Every limit and timeout is named here (and injectable for tests).</summary>
internal sealed record CoffeeOptions
{
    public const int DefaultPotPort = 5030;
    public const int DefaultWebPort = 5031;

    public IReadOnlyList<PotDefinition> Pots { get; init; } = PotCatalogue.Default;

    /// <summary>How long coffee brews; a tea variety brews for this times its <see cref="TeaVariety.Steep"/>.</summary>
    public TimeSpan BrewTime { get; init; } = TimeSpan.FromSeconds(30);

    public HtcpcpLimits Limits { get; init; } = HtcpcpLimits.Default;

    /// <summary>A client that has not finished its request line and headers by then gets 400 and is closed.</summary>
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When a BREW's head arrives without Content-Length and without any body bytes, the pot waits this long for the
    /// first body bytes (a client may write head and body separately), then answers with what it has.
    /// </summary>
    public TimeSpan BodyGrace { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The Server header of every reply.</summary>
    public string ServerName { get; init; } = "Porch-CoffeePot/" + typeof(CoffeeOptions).Assembly.GetName().Version?.ToString(3);
}
