using Porch.Wire.Htcpcp;

namespace Porch.Coffee.Web;

/// <summary>
/// One request to the pot and what came back, kept as text so the page can show students the bytes on the wire.
/// <see cref="Response"/> is null when the pot could not be reached or answered nonsense; <see cref="Error"/> says why.
/// </summary>
internal sealed record PotExchange(string RequestText, string ResponseText, HtcpcpResponse? Response, string? Error)
{
    public int Status => Response?.Status ?? 502;
}
