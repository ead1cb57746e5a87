using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>
/// A pot's state: idle, or one <see cref="Brew"/>. Phases follow from the clock (no timers run), so a test moves a
/// brew from brewing to ready by advancing an injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class Pot(PotDefinition definition, TimeProvider time, TimeSpan brewTime)
{
    private readonly Lock gate = new();
    private Brew? current;

    public PotDefinition Definition => definition;

    public string Name => definition.Name;

    public DateTimeOffset Now => time.GetUtcNow();

    public TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public Brew? Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    /// <summary>Starts brewing unless a brew is still brewing; then returns false and the running brew.</summary>
    public bool TryStart(TeaVariety? variety, IReadOnlyList<Addition> additions, out Brew brew)
    {
        var now = Now;
        lock (gate)
        {
            if (current is { } running && running.PhaseAt(now) == PotPhase.Brewing)
            {
                brew = running;
                return false;
            }

            var duration = variety is null ? brewTime : brewTime * variety.Steep;
            brew = current = new Brew { Variety = variety, Additions = additions, Started = now, ReadyAt = now + duration };
            return true;
        }
    }

    /// <summary>Clears the pot; a brew still brewing is aborted (RFC 7168 §2.1.2). Returns what was in it, or null.</summary>
    public Brew? Stop()
    {
        lock (gate)
        {
            var stopped = current;
            current = null;
            return stopped;
        }
    }

    public WhenOutcome When()
    {
        var now = Now;
        lock (gate)
        {
            if (current is not { } brew)
            {
                return WhenOutcome.NothingBrewing;
            }

            if (!brew.MilkOrdered)
            {
                return WhenOutcome.NoMilkOrdered;
            }

            switch (brew.PhaseAt(now))
            {
                case PotPhase.Brewing:
                    return WhenOutcome.StillBrewing;
                case PotPhase.PouringMilk:
                    current = brew with { MilkStoppedAt = now };
                    return WhenOutcome.MilkStopped;
                default:
                    return WhenOutcome.MilkAlreadyStopped;
            }
        }
    }
}
