using System.Text;
using Porch.Wire.Htcpcp;
using static Porch.Coffee.Web.CoffeeHtml;

namespace Porch.Coffee.Web;

/// <summary>
/// What happened after an action: a friendly explanation of the pot's status, what the pot said, and the exchange
/// itself (request and reply as they crossed the wire) so students can compare it with their capture.
/// </summary>
internal static class ResultPage
{
    public static string Render(PotExchange exchange, string potName)
    {
        var (icon, title, explanation) = StatusText.For(exchange.Status);
        var response = exchange.Response;
        var body = new StringBuilder();
        body.Append($"""<h1><span class="icon">{icon}</span> {E(title)}</h1>""")
            .Append($"""<p class="sub" id="status">{(response is null ? "502 from the front end" : $"HTCPCP {response.Status} {E(response.Reason)}")}</p>""")
            .Append($"""<p>{E(explanation)}</p>""");
        if (response is not null && response.Body.Length > 0 && response["Content-Type"]?.StartsWith("text/", StringComparison.Ordinal) == true)
        {
            body.Append($"""<p class="said" id="said">{E(response.BodyText)}</p>""");
        }

        if (exchange.Error is { } error)
        {
            body.Append($"""<p class="said error" id="said">{E(error)}</p>""");
        }

        switch (response?.Status)
        {
            case HtcpcpStatus.MultipleOptions:
                body.Append(Choices(response, potName));
                break;
            case HtcpcpStatus.NotAcceptable:
                body.Append(Accepted(response.BodyText));
                break;
            case HtcpcpStatus.ServiceUnavailable when response["Retry-After"] is { } retry:
                body.Append($"""<p>Try again in <strong id="retry">{E(retry)}</strong> seconds.</p>""");
                break;
        }

        body.Append("""<p><a href="/" id="back">← Back to the pots</a></p>""")
            .Append("""<details open><summary>The exchange</summary><p>Sent to the pot:</p>""")
            .Append($"""<pre id="request">{E(exchange.RequestText)}</pre><p>The pot replied:</p>""")
            .Append($"""<pre id="reply">{E(exchange.ResponseText.Length > 0 ? exchange.ResponseText : "(nothing)")}</pre></details>""");
        return Page($"{exchange.Status} {title}", body.ToString());
    }

    /// <summary>A 300's Alternates as one button per tea (or pot) to brew it.</summary>
    private static string Choices(HtcpcpResponse response, string potName)
    {
        var list = new StringBuilder("""<div class="card" id="choices">""");
        foreach (var alternate in AlternatesHeader.Parse(response[AlternatesHeader.HeaderName]))
        {
            var uri = CoffeeUri.Parse(alternate.Uri, out _);
            var pot = string.IsNullOrEmpty(uri?.Host) ? potName : uri.Host;
            var drink = uri is { Resource.Count: 1 } ? "tea:" + uri.Resource[0] : "coffee";
            list.Append($"""<form method="post" action="/brew"><input type="hidden" name="pot" value="{E(pot)}">""")
                .Append($"""<input type="hidden" name="drink" value="{E(drink)}"><button class="plain">Brew {E(alternate.Uri)}</button></form> """);
        }

        return list.Append("</div>").ToString();
    }

    private static string Accepted(string potSaid)
    {
        const string marker = "Accepted additions:";
        var at = potSaid.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }

        var items = potSaid[(at + marker.Length)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return "<ul id=\"accepted\">" + string.Concat(items.Select(i => $"<li>{E(i)}</li>")) + "</ul>";
    }
}
