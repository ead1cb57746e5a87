namespace Porch.Wire.Htcpcp;

/// <summary>The addition-type families of RFC 2324 §2.2.2.1 and RFC 7168 §2.2.1.</summary>
internal enum AdditionKind
{
    /// <summary>Not a name either RFC defines.</summary>
    Unknown,

    /// <summary><c>*</c>: whatever the pot has.</summary>
    Any,

    Milk,
    Syrup,
    Alcohol,

    /// <summary>RFC 7168: Sugar, Xylitol, Stevia.</summary>
    Sugar,
}
