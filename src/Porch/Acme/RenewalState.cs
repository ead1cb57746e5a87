namespace Porch.Acme;

/// <summary>Where a certificate's renewal stands: failures in a row, next attempt, last urgent error logged.</summary>
internal sealed class RenewalState
{
    public int Failures { get; set; }

    public DateTimeOffset NextAttempt { get; set; } = DateTimeOffset.MinValue;

    public DateTimeOffset? LastUrgentLog { get; set; }

    public string? LastError { get; set; }
}
