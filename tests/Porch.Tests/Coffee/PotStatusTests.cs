using System.Globalization;

namespace Porch.Tests.Coffee;

/// <summary>Every status a pot answers with, over real TCP, from a client that sends no Content-Length and never half-closes.</summary>
public class PotStatusTests : IAsyncLifetime
{
    private const string Coffee = "Content-Type: application/coffee-pot-command\r\n";
    private CoffeeTestHost host = null!;

    public async Task InitializeAsync() => host = await CoffeeTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Brew_CourseRequestWithoutContentLength_200InOneReadWithinOneSecondThenClosed()
    {
        var reply = await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "Accept-Additions: cream; vanilla\r\n\r\nstart");

        Assert.Equal("HTCPCP/1.1 200 OK", reply.StatusLine);
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(1), $"reply took {reply.Elapsed}");
        Assert.Equal(reply.Body.Length.ToString(CultureInfo.InvariantCulture), reply.Headers["Content-Length"]);
        Assert.Contains("cream, vanilla", reply.Body, StringComparison.Ordinal);
        Assert.True(reply.ClosedByPot);
    }

    [Theory]
    [InlineData("BREW http://ducky HTTP/1.1\r\n" + Coffee + "\r\nstart", 400, "not a coffee URI scheme")]
    [InlineData("BREW ducky HTTP/1.1\r\n" + Coffee + "\r\nstart", 400, "neither a coffee: URI nor a path")]
    [InlineData("BREW coffee://nosuchpot HTTP/1.1\r\n" + Coffee + "\r\nstart", 404, "no pot named \"nosuchpot\"")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "Use-Pot: mug\r\n\r\nstart", 404, "no pot named \"mug\"")]
    [InlineData("BREW coffee://ducky/pot-7 HTTP/1.1\r\n" + Coffee + "\r\nstart", 404, "no pot-7")]
    [InlineData("BREW coffee://tea/rooibos HTTP/1.1\r\nContent-Type: message/teapot\r\n\r\nstart", 404, "no tea called \"rooibos\"")]
    [InlineData("FILL coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\nstart", 501, "not an HTCPCP method")]
    [InlineData("brew coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\nstart", 501, "not an HTCPCP method")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type: text/plain\r\n\r\nstart", 415, "message/coffeepot")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n\r\nstart", 415, "message/coffeepot")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/teapot\r\n\r\nstart", 415, "ask coffee://tea")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "Use-Pot: tea\r\n\r\nstart", 418, "short and stout")]
    [InlineData("BREW coffee://tea HTTP/1.1\r\nContent-Type: message/coffeepot\r\n\r\nstart", 418, "teapot")]
    [InlineData("POST coffee://ducky/pot-1 HTTP/1.1\r\n" + Coffee + "\r\nstart", 418, "teapot")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "Accept-Additions: cream; tea\r\n\r\nstart", 406, "cannot add tea. Accepted additions: Cream, Half-and-half")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "Accept-Additions: Sugar\r\n\r\nstart", 406, "Whisky, Rum, Kahlua, Aquavit, *")]
    [InlineData("BREW coffee://tea/sencha HTTP/1.1\r\nContent-Type: message/teapot\r\nAccept-Additions: Rum\r\n\r\nstart", 406, "Sugar, Xylitol, Stevia")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\nplease", 400, "start or stop")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\nstop", 409, "nothing to stop")]
    [InlineData("WHEN coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\n", 409, "no milk")]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 300, "Pick a pot")]
    [InlineData("BREW coffee://tea HTTP/1.1\r\nContent-Type: message/teapot\r\n\r\nstart", 300, "Pick a tea")]
    [InlineData("BREW coffee://ducky?Cream,Whisky HTTP/1.1\r\n" + Coffee + "\r\nstart", 200, "with Cream, Whisky")]
    [InlineData("BREW %4Baffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\n\r\nstart", 200, "ducky is brewing coffee")]
    [InlineData("BREW /earl-grey HTCPCP/1.0\r\nContent-Type: message/teapot\r\nAccept-Additions: Sugar, *\r\n\r\nstart", 200, "tea is brewing Earl Grey with Sugar, *")]
    [InlineData("GET coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\n", 200, "{}")]
    public async Task Request_EachCase_StatusAndExplanation(string request, int status, string bodyContains)
    {
        var reply = await host.SendAsync(request);

        Assert.Equal(status, reply.Status);
        Assert.Contains(bodyContains, reply.Body, StringComparison.Ordinal);
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(1), $"reply took {reply.Elapsed}");
        Assert.True(reply.ClosedByPot);
    }

    [Fact]
    public async Task Brew_WhileBrewing_503WithRetryAfterAndReason()
    {
        Assert.Equal(200, (await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\nstart")).Status);
        host.Clock.Advance(TimeSpan.FromSeconds(10));

        var reply = await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\nstart");

        Assert.Equal("HTCPCP/1.1 503 Service Unavailable", reply.StatusLine);
        Assert.Equal("20", reply.Headers["Retry-After"]);
        Assert.Contains("ducky is busy", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brew_NoPotDesignated_300AlternatesListEveryPotAndTea()
    {
        var reply = await host.SendAsync("BREW coffee:// HTTP/1.1\r\nContent-Type: message/teapot\r\n\r\nstart");

        Assert.Equal(300, reply.Status);
        Assert.Equal(
            """{"coffee://ducky" {type message/coffeepot}}, {"coffee://tea/sencha" {type message/teapot}}, {"coffee://tea/darjeeling" {type message/teapot}}, {"coffee://tea/earl-grey" {type message/teapot}}, {"coffee://tea/peppermint" {type message/teapot}}""",
            reply.Headers["Alternates"]);
    }

    [Theory]
    [InlineData("BREW http://nosuchpot HTTP/1.1\r\nContent-Type: text/plain\r\n\r\nstart", 400)]
    [InlineData("FILL coffee://nosuchpot HTTP/1.1\r\nContent-Type: text/plain\r\n\r\nstart", 404)]
    [InlineData("FILL coffee://tea HTTP/1.1\r\nContent-Type: text/plain\r\n\r\nstart", 501)]
    [InlineData("BREW coffee://tea HTTP/1.1\r\nContent-Type: text/plain\r\nAccept-Additions: Oat milk\r\n\r\nstart", 415)]
    [InlineData("BREW coffee://tea HTTP/1.1\r\nContent-Type: message/coffeepot\r\nAccept-Additions: Oat milk\r\n\r\nstart", 418)]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\nAccept-Additions: Oat milk\r\n\r\nnonsense", 406)]
    public async Task Request_SeveralMistakes_FirstInTheDocumentedOrderWins(string request, int status)
    {
        Assert.Equal(status, (await host.SendAsync(request)).Status);
    }

    [Theory]
    [InlineData("HTTP/1.0", "HTCPCP/1.0")]
    [InlineData("HTTP/1.1", "HTCPCP/1.1")]
    [InlineData("HTCPCP/1.0", "HTCPCP/1.0")]
    [InlineData("HTCPCP/1.1", "HTCPCP/1.1")]
    public async Task Reply_Version_MirrorsTheRequestsMinorVersion(string sent, string expected)
    {
        var reply = await host.SendAsync($"GET coffee://ducky {sent}\r\n\r\n");

        Assert.StartsWith(expected + " 200 OK", reply.StatusLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_Headers_ServerContentTypeDateWithCrlfLineEndings()
    {
        var reply = await host.SendAsync("PROPFIND coffee://ducky HTTP/1.1\r\n" + Coffee + "\r\n");

        Assert.StartsWith("Porch-CoffeePot/", reply.Headers["Server"], StringComparison.Ordinal);
        Assert.Equal("application/json", reply.Headers["Content-Type"]);
        Assert.Equal(host.Clock.GetUtcNow(), DateTimeOffset.ParseExact(reply.Headers["Date"], "R", CultureInfo.InvariantCulture));
        var head = reply.Text[..reply.Text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain('\n', head.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', head.Replace("\r\n", "", StringComparison.Ordinal));
    }
}
