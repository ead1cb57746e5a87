namespace Porch.Wire.Htcpcp;

/// <summary>The HTCPCP media types. RFC 2324 names two for coffee (§2.1.1 and §4); both are accepted.</summary>
internal static class HtcpcpMediaTypes
{
    public const string CoffeePot = "message/coffeepot";
    public const string CoffeePotCommand = "application/coffee-pot-command";
    public const string TeaPot = "message/teapot";

    /// <summary>Classifies a Content-Type value; parameters are ignored and type names are case-insensitive (RFC 9110 §8.3.1).</summary>
    public static PotMessageType Classify(string? contentType)
    {
        if (contentType is null)
        {
            return PotMessageType.Missing;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return type.ToLowerInvariant() switch
        {
            CoffeePot or CoffeePotCommand => PotMessageType.Coffee,
            TeaPot => PotMessageType.Tea,
            _ => PotMessageType.Unsupported,
        };
    }
}
