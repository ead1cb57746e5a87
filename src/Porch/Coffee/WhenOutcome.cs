namespace Porch.Coffee;

/// <summary>What saying WHEN did.</summary>
internal enum WhenOutcome
{
    /// <summary>Milk was pouring and has stopped.</summary>
    MilkStopped,

    NothingBrewing,

    /// <summary>Milk is poured once brewing finishes; not yet.</summary>
    StillBrewing,

    NoMilkOrdered,
    MilkAlreadyStopped,
}
