using System.Text.Json;

namespace Porch.Coffee.Web;

/// <summary>What a pot's GET said, read from its JSON: the line the live panel shows, and how far brewing got.</summary>
internal sealed record PotView(string State, string Line, double Strength)
{
    public static PotView From(PotExchange exchange)
    {
        if (exchange.Response is not { Status: 200 } response)
        {
            return new PotView("unknown", exchange.Error ?? $"The pot answered {exchange.Status}.", 0);
        }

        try
        {
            using var json = JsonDocument.Parse(response.Body);
            var root = json.RootElement;
            if (!root.TryGetProperty("state", out var stateElement))
            {
                return new PotView("idle", "Idle: ready to brew.", 0);
            }

            var state = stateElement.GetString() ?? "unknown";
            var drink = root.TryGetProperty("tea", out var tea) ? tea.GetString() : root.GetProperty("beverage_type").GetString()?.ToLowerInvariant();
            var additions = string.Join(", ", root.GetProperty("additions").EnumerateArray().Select(a => a.GetString()));
            var with = additions.Length == 0 ? "" : $" with {additions}";
            var left = root.GetProperty("seconds_left").GetInt32();
            var line = state switch
            {
                "brewing" => $"Brewing {drink}{with}: {left} s left.",
                "pouring-milk" => $"Your {drink} is brewed and the milk is pouring. Say WHEN!",
                _ => $"Your {drink}{with} is ready. Enjoy! (Stop clears the pot.)",
            };
            return new PotView(state, line, root.GetProperty("strength").GetDouble());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new PotView("unknown", $"The pot's state could not be read: {e.Message}", 0);
        }
    }
}
