using System.Globalization;
using System.Text.Json;

namespace Porch.Coffee;

/// <summary>
/// JSON bodies of GET and PROPFIND, in the shape the course's web app reads: an idle pot is <c>{}</c>; a brew has
/// <c>date</c>, <c>brew_time_end</c>, <c>additions</c> (as the client spelled them) and <c>pouring_milk</c> (when milk
/// starts, or empty), with times in the pot's local time as <c>Wed, 01 Apr 1998 10:00:00</c>. The extra fields
/// (state, seconds left, strength) serve Porch's own front end. A body stays well under the 1024 bytes those clients read.
/// </summary>
internal static class PotJson
{
    /// <summary>The course's <c>%a, %d %b %Y %H:%M:%S</c>.</summary>
    public const string TimeFormat = "ddd, dd MMM yyyy HH:mm:ss";

    public static byte[] State(Pot pot)
    {
        var now = pot.Now;
        if (pot.Current is not { } brew)
        {
            return "{}"u8.ToArray();
        }

        return Write(json =>
        {
            var phase = brew.PhaseAt(now);
            var milkStart = brew.MilkOrdered && brew.MilkStoppedAt is null ? Local(pot, brew.ReadyAt) : "";
            json.WriteString("pot", pot.Name);
            json.WriteString("beverage_type", pot.Definition.Beverage);
            json.WriteString("state", phase switch
            {
                PotPhase.Brewing => "brewing",
                PotPhase.PouringMilk => "pouring-milk",
                _ => "ready",
            });
            if (brew.Variety is { } variety)
            {
                json.WriteString("variety", variety.Slug);
                json.WriteString("tea", variety.Name);
            }
            else if (pot.Definition.Bean is { } bean)
            {
                json.WriteString("beans", bean.Name);
            }

            json.WriteString("date", Local(pot, brew.Started));
            json.WriteString("brew_time_end", Local(pot, brew.ReadyAt));
            json.WriteNumber("ready_unix", brew.ReadyAt.ToUnixTimeSeconds());
            json.WriteNumber("seconds_left", Math.Max(0, (int)Math.Ceiling((brew.ReadyAt - now).TotalSeconds)));
            json.WriteNumber("strength", Math.Round(brew.StrengthAt(now), 2));
            json.WriteStartArray("additions");
            foreach (var addition in brew.Additions)
            {
                json.WriteStringValue(addition.Text);
            }

            json.WriteEndArray();
            json.WriteString("pouring_milk", milkStart);
            json.WriteString("pour_milk_start", milkStart);
            json.WriteBoolean("milk_stopped", brew.MilkStoppedAt is not null);
        });
    }

    /// <summary>PROPFIND: the beans of a coffee pot, a tea variety, or a teapot's list of varieties.</summary>
    public static byte[] Metadata(Pot pot, TeaVariety? variety, TimeSpan brewTime)
    {
        variety ??= pot.Current?.Variety;
        return Write(json =>
        {
            if (pot.Definition.Bean is { } bean)
            {
                json.WriteString("name", bean.Name);
                json.WriteString("type", bean.Type);
                json.WriteString("origin", bean.Origin);
                json.WriteString("profile", bean.Profile);
                json.WriteString("strength", bean.Strength);
                json.WriteString("roast", bean.Roast);
            }
            else if (variety is not null)
            {
                json.WriteString("name", variety.Name);
                json.WriteString("type", variety.Type);
                json.WriteString("origin", variety.Origin);
                json.WriteString("profile", variety.Profile);
                json.WriteNumber("steep_seconds", Math.Round((brewTime * variety.Steep).TotalSeconds));
            }
            else
            {
                json.WriteString("name", pot.Name);
                json.WriteString("type", "Teapot");
                json.WriteStartArray("varieties");
                foreach (var offered in pot.Definition.Varieties)
                {
                    json.WriteStringValue(offered.Slug);
                }

                json.WriteEndArray();
            }
        });
    }

    public static string Local(Pot pot, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, pot.LocalTimeZone).ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
