namespace Porch.Coffee;

internal enum PotPhase
{
    Idle,
    Brewing,

    /// <summary>Brewing finished and milk was ordered: it pours until the client says WHEN (RFC 2324 §2.1.4).</summary>
    PouringMilk,

    /// <summary>Brewed (and the milk stopped); stays served until a <c>stop</c> clears the pot or a new brew starts.</summary>
    Ready,
}
