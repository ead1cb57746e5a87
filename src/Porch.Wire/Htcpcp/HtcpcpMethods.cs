namespace Porch.Wire.Htcpcp;

/// <summary>The methods of RFC 2324 §2.1. Method names are case-sensitive, as in HTTP (RFC 9110 §9.1).</summary>
internal static class HtcpcpMethods
{
    /// <summary>§2.1.1: start or stop brewing.</summary>
    public const string Brew = "BREW";

    /// <summary>§2.1.1: a pot MUST accept POST as BREW; its use is deprecated.</summary>
    public const string Post = "POST";

    /// <summary>§2.1.2: the pot's state.</summary>
    public const string Get = "GET";

    /// <summary>§2.1.3: metadata about the brewed resource (the beans).</summary>
    public const string Propfind = "PROPFIND";

    /// <summary>§2.1.4: "Enough? Say WHEN." Stops the milk.</summary>
    public const string When = "WHEN";

    public static bool IsKnown(string method) => method is Brew or Post or Get or Propfind or When;

    public static bool IsBrew(string method) => method is Brew or Post;
}
