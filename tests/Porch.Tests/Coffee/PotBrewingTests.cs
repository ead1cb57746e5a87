using System.Globalization;
using System.Text.Json;

namespace Porch.Tests.Coffee;

/// <summary>Brewing over time with a hand-moved clock: brewing, milk, WHEN, stop, tea strength.</summary>
public class PotBrewingTests : IAsyncLifetime
{
    private const string CoffeeType = "Content-Type: message/coffeepot\r\n";
    private const string TeaType = "Content-Type: message/teapot\r\n";
    private CoffeeTestHost host = null!;

    public async Task InitializeAsync() => host = await CoffeeTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task CoffeeWithMilk_Lifecycle_BrewingPouringWhenStop()
    {
        Assert.Equal(200, (await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "Accept-Additions: Cream; Vanilla\r\n\r\nstart")).Status);
        host.Clock.Advance(TimeSpan.FromSeconds(12));

        using (var brewing = await StateAsync("ducky"))
        {
            var root = brewing.RootElement;
            Assert.Equal("brewing", root.GetProperty("state").GetString());
            Assert.Equal(18, root.GetProperty("seconds_left").GetInt32());
            Assert.Equal(0.4, root.GetProperty("strength").GetDouble());
            Assert.Equal(["Cream", "Vanilla"], root.GetProperty("additions").EnumerateArray().Select(a => a.GetString()));
        }

        Assert.Equal(409, (await host.SendAsync("WHEN coffee://ducky HTTP/1.1\r\n\r\n")).Status);
        host.Clock.Advance(TimeSpan.FromSeconds(18));

        using (var pouring = await StateAsync("ducky"))
        {
            Assert.Equal("pouring-milk", pouring.RootElement.GetProperty("state").GetString());
            Assert.Equal("Wed, 01 Apr 1998 10:00:30", pouring.RootElement.GetProperty("pouring_milk").GetString());
        }

        var when = await host.SendAsync("WHEN coffee://ducky HTTP/1.1\r\n\r\n");
        Assert.Equal(200, when.Status);
        Assert.Contains("milk has stopped", when.Body, StringComparison.Ordinal);

        using (var ready = await StateAsync("ducky"))
        {
            Assert.Equal("ready", ready.RootElement.GetProperty("state").GetString());
            Assert.Equal("", ready.RootElement.GetProperty("pouring_milk").GetString());
            Assert.True(ready.RootElement.GetProperty("milk_stopped").GetBoolean());
        }

        Assert.Equal(409, (await host.SendAsync("WHEN coffee://ducky HTTP/1.1\r\n\r\n")).Status);
        var stop = await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "\r\nstop");
        Assert.Equal(200, stop.Status);
        Assert.Contains("served", stop.Body, StringComparison.Ordinal);
        Assert.Equal("{}", (await host.SendAsync("GET coffee://ducky HTTP/1.1\r\n\r\n")).Body);
    }

    [Fact]
    public async Task CoffeeWithoutMilk_AfterBrewTime_ReadyAndWhenHasNoMilk()
    {
        await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "Accept-Additions: Whisky\r\n\r\nstart");
        host.Clock.Advance(TimeSpan.FromSeconds(30));

        using var state = await StateAsync("ducky");

        Assert.Equal("ready", state.RootElement.GetProperty("state").GetString());
        Assert.Equal(1.0, state.RootElement.GetProperty("strength").GetDouble());
        Assert.Contains("No milk was ordered", (await host.SendAsync("WHEN coffee://ducky HTTP/1.1\r\n\r\n")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenPreviousBrewIsReady_BrewsAgain()
    {
        await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "\r\nstart");
        host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(503, (await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "\r\nstart")).Status);
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(200, (await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "\r\nstart")).Status);
    }

    [Fact]
    public async Task Stop_WhileBrewing_AbortsAndSaysHowStrong()
    {
        await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "\r\nstart");
        host.Clock.Advance(TimeSpan.FromSeconds(6));

        var stop = await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + CoffeeType + "\r\nstop");

        Assert.Equal(200, stop.Status);
        Assert.Contains("Stopped early: coffee served at 20% of its strength", stop.Body, StringComparison.Ordinal);
        Assert.Equal("{}", (await host.SendAsync("GET coffee://ducky HTTP/1.1\r\n\r\n")).Body);
    }

    [Theory]
    [InlineData("sencha", 15)]
    [InlineData("darjeeling", 24)]
    [InlineData("earl-grey", 30)]
    [InlineData("peppermint", 45)]
    public async Task Tea_BrewsToTheVarietysStrength(string variety, int seconds)
    {
        Assert.Equal(200, (await host.SendAsync($"BREW coffee://tea/{variety} HTCPCP/1.0\r\n{TeaType}\r\nstart")).Status);
        host.Clock.Advance(TimeSpan.FromSeconds(seconds - 1));
        using (var almost = await StateAsync("tea"))
        {
            Assert.Equal("brewing", almost.RootElement.GetProperty("state").GetString());
            Assert.Equal(variety, almost.RootElement.GetProperty("variety").GetString());
        }

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using var done = await StateAsync("tea");

        Assert.Equal("ready", done.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Tea_StopEarly_ServedWeaker()
    {
        await host.SendAsync($"BREW coffee://tea/peppermint HTCPCP/1.0\r\n{TeaType}Accept-Additions: Stevia\r\n\r\nstart");
        host.Clock.Advance(TimeSpan.FromSeconds(9));

        var stop = await host.SendAsync($"BREW coffee://tea HTCPCP/1.0\r\n{TeaType}\r\nstop");

        Assert.Contains("Peppermint served at 20% of its strength", stop.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Propfind_CoffeePot_BeansAsTheCoursePageReadsThem()
    {
        using var json = JsonDocument.Parse((await host.SendAsync("PROPFIND coffee://ducky HTTP/1.1\r\n\r\n")).Body);

        foreach (var field in new[] { "name", "type", "origin", "profile", "strength", "roast" })
        {
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty(field).GetString()), field);
        }
    }

    [Fact]
    public async Task Propfind_Teapot_VarietiesOrOneVariety()
    {
        using var pot = JsonDocument.Parse((await host.SendAsync("PROPFIND coffee://tea HTTP/1.1\r\n\r\n")).Body);
        using var one = JsonDocument.Parse((await host.SendAsync("PROPFIND coffee://tea/darjeeling HTTP/1.1\r\n\r\n")).Body);

        Assert.Equal(["sencha", "darjeeling", "earl-grey", "peppermint"], pot.RootElement.GetProperty("varieties").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("Darjeeling", one.RootElement.GetProperty("name").GetString());
        Assert.Equal(24, one.RootElement.GetProperty("steep_seconds").GetInt32());
    }

    /// <summary>
    /// Reads a GET reply the way the course's web app does: split on CRLF, last piece is the JSON (single quotes
    /// swapped for double), times parsed with its format, milk from <c>pouring_milk</c>, all within one 1024-byte read.
    /// </summary>
    [Fact]
    public async Task Get_ReadTheWayTheCourseWebAppReadsIt_FieldsAndTimesParse()
    {
        await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\nContent-Type: application/coffee-pot-command\r\nAccept-Additions: cream; vanilla; whisky\r\n\r\nstart");

        var reply = await host.SendAsync("GET coffee://ducky HTTP/1.1\r\nContent-Type: application/coffee-pot-command\r\n\r\n");

        Assert.True(reply.Text.Length < 1024);
        var last = reply.Text.Split("\r\n")[^1].Trim().Replace('\'', '"');
        using var json = JsonDocument.Parse(last);
        var root = json.RootElement;
        Assert.Equal(["cream", "vanilla", "whisky"], root.GetProperty("additions").EnumerateArray().Select(a => a.GetString()));
        var started = DateTime.ParseExact(root.GetProperty("date").GetString()!, "ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var end = DateTime.ParseExact(root.GetProperty("brew_time_end").GetString()!, "ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var milk = DateTime.ParseExact(root.GetProperty("pouring_milk").GetString()!, "ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.Equal(new DateTime(1998, 4, 1, 10, 0, 0), started);
        Assert.Equal(TimeSpan.FromSeconds(30), end - started);
        Assert.Equal(end, milk);
    }

    private async Task<JsonDocument> StateAsync(string pot)
    {
        var reply = await host.SendAsync($"GET coffee://{pot} HTTP/1.1\r\n\r\n");
        Assert.Equal(200, reply.Status);
        return JsonDocument.Parse(reply.Body);
    }
}
