namespace Porch.Configuration;

/// <summary>A token bucket per client address: <see cref="Requests"/> per <see cref="Per"/>, bursts up to <see cref="Burst"/>.</summary>
internal sealed record RateLimitConfig
{
    public int Requests { get; init; }

    /// <summary>A duration such as <c>1s</c> or <c>1m</c>.</summary>
    public string Per { get; init; } = "1s";

    /// <summary>Requests a client may make at once after being idle; default the same as <see cref="Requests"/>.</summary>
    public int? Burst { get; init; }
}
