using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>One brew of one pot. Immutable: the pot swaps records, so a reader never sees half a change.</summary>
internal sealed record Brew
{
    /// <summary>The tea being brewed; null for coffee.</summary>
    public TeaVariety? Variety { get; init; }

    public required IReadOnlyList<Addition> Additions { get; init; }

    public required DateTimeOffset Started { get; init; }

    /// <summary>When brewing reaches full strength and stops by itself (RFC 7168 §2.1.2).</summary>
    public required DateTimeOffset ReadyAt { get; init; }

    /// <summary>Set when the client said WHEN; milk pours from <see cref="ReadyAt"/> until then.</summary>
    public DateTimeOffset? MilkStoppedAt { get; init; }

    public bool MilkOrdered => Additions.Any(a => a.Kind == AdditionKind.Milk);

    public PotPhase PhaseAt(DateTimeOffset now) =>
        now < ReadyAt ? PotPhase.Brewing
        : MilkOrdered && MilkStoppedAt is null ? PotPhase.PouringMilk
        : PotPhase.Ready;

    /// <summary>Fraction of full strength reached by <paramref name="now"/>, from 0 to 1.</summary>
    public double StrengthAt(DateTimeOffset now)
    {
        var total = (ReadyAt - Started).TotalSeconds;
        return total <= 0 ? 1 : Math.Clamp((now - Started).TotalSeconds / total, 0, 1);
    }
}
