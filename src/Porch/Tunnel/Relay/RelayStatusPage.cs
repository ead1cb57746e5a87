using System.Net;
using System.Text;

namespace Porch.Tunnel.Relay;

/// <summary>The status page's HTML: one table of live tunnels, refreshed every 5 s by the browser.</summary>
internal static class RelayStatusPage
{
    public static string Render(RelayStatusDocument status)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
            <title>porch relay {{E(status.Domain)}}</title>
            <style>body{font-family:system-ui,sans-serif;margin:2em} table{border-collapse:collapse} th,td{padding:.3em .8em;border-bottom:1px solid #ccc;text-align:left}</style>
            </head><body>
            <h1>porch relay: {{E(status.Domain)}}</h1>
            <p>{{status.Tunnels.Count}} live tunnel(s) at {{E(status.Now.ToString("u"))}}.</p>
            <table id="tunnels"><thead><tr>
            """);
        foreach (var header in RelayStatusFormat.Headers.Append("TOKEN"))
        {
            html.Append($"<th scope=\"col\">{E(header)}</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var tunnel in status.Tunnels)
        {
            html.Append("<tr>");
            foreach (var cell in RelayStatusFormat.Row(tunnel, status.Now).Append(tunnel.TokenName))
            {
                html.Append($"<td>{E(cell)}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n</body></html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
