using System.Text;
using System.Text.Json;
using static Porch.Coffee.Web.CoffeeHtml;

namespace Porch.Coffee.Web;

/// <summary>PROPFIND's answer (RFC 2324 §2.1.3) as a table: the beans of a coffee pot, or a teapot's teas.</summary>
internal static class BeansPage
{
    public static string Render(PotExchange exchange, string potName)
    {
        if (exchange.Response is not { Status: 200 } response)
        {
            return ResultPage.Render(exchange, potName);
        }

        var rows = new StringBuilder();
        string? title = null;
        try
        {
            using var json = JsonDocument.Parse(response.Body);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.Array
                    ? string.Join(", ", property.Value.EnumerateArray().Select(v => v.ToString()))
                    : property.Value.ToString();
                title ??= property.Name == "name" ? value : null;
                rows.Append($"""<tr><th scope="row">{E(property.Name)}</th><td>{E(value)}</td></tr>""");
            }
        }
        catch (JsonException e)
        {
            rows.Append($"""<tr><td>The pot's answer is not JSON: {E(e.Message)}</td></tr>""");
        }

        var body = $"""
            <h1><span class="icon">☕</span> {E(title ?? potName)}</h1>
            <p class="sub">PROPFIND coffee://{E(potName)}: what is in the pot.</p>
            <table class="card" id="beans">{rows}</table>
            <p><a href="/" id="back">← Back to the pots</a></p>
            <details><summary>The exchange</summary><pre>{E(exchange.RequestText)}</pre><pre>{E(exchange.ResponseText)}</pre></details>
            """;
        return Page($"{title ?? potName}: beans", body);
    }
}
