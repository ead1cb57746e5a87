namespace Porch.Coffee.Web;

/// <summary>A pot as the front end learned it from the pot server's Alternates: its name, kind and tea varieties.</summary>
internal sealed record PotInfo(string Name, PotKind Kind, IReadOnlyList<string> Varieties)
{
    /// <summary>The Content-Type a stop for this pot carries: a teapot is spoken to in message/teapot.</summary>
    public string MediaType => Kind == PotKind.Tea ? Wire.Htcpcp.HtcpcpMediaTypes.TeaPot : Wire.Htcpcp.HtcpcpMediaTypes.CoffeePot;
}
