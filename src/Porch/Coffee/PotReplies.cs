using System.Globalization;
using System.Text;
using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>
/// Builds replies with the headers every reply carries: Server, Content-Type, Date (RFC 9110 §6.6.1) and Content-Length.
/// Bodies are one line with no trailing line break: the course's clients split the reply on CRLF and take the last
/// piece as the body.
/// </summary>
internal sealed class PotReplies(string serverName, TimeProvider time)
{
    public const string TextType = "text/plain; charset=utf-8";
    public const string JsonType = "application/json";

    public HtcpcpResponse Text(int minorVersion, int status, string text, params HtcpcpHeader[] extra) =>
        Build(minorVersion, status, TextType, Encoding.UTF8.GetBytes(text), extra);

    public HtcpcpResponse Json(int minorVersion, int status, byte[] json) => Build(minorVersion, status, JsonType, json, []);

    private HtcpcpResponse Build(int minorVersion, int status, string contentType, byte[] body, HtcpcpHeader[] extra)
    {
        HtcpcpHeader[] headers =
        [
            new("Server", serverName),
            new("Content-Type", contentType),
            new("Date", time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture)),
            new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)),
            .. extra,
        ];
        return new HtcpcpResponse { MinorVersion = minorVersion, Status = status, Headers = headers, Body = body };
    }
}
