using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Coffee.Web;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Coffee;

/// <summary>The web front end over HTTP, talking HTCPCP over TCP to a real pot.</summary>
public class CoffeeWebTests : IAsyncLifetime
{
    private CoffeeTestHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        host = await CoffeeTestHost.StartAsync(web: true);
        client = host.CreateWebClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Home_ListsThePotsItDiscoveredAndTheirLiveState()
    {
        await host.SendAsync("BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\nAccept-Additions: Skim\r\n\r\nstart");

        var html = await client.GetStringAsync("/");

        Assert.Contains("""data-pot="ducky" data-state="brewing">""", html, StringComparison.Ordinal);
        Assert.Contains("Brewing coffee with Skim: 30 s left.", html, StringComparison.Ordinal);
        Assert.Contains("""data-pot="tea" data-state="idle">""", html, StringComparison.Ordinal);
        Assert.Contains("""<option value="tea:earl-grey">""", html, StringComparison.Ordinal);
        Assert.Contains($"pot server at 127.0.0.1:{host.PotPort}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_FollowsThePotAsItBrews()
    {
        Assert.Contains("Idle: ready to brew.", await client.GetStringAsync("/status"), StringComparison.Ordinal);
        await host.SendAsync("BREW coffee://tea/sencha HTCPCP/1.0\r\nContent-Type: message/teapot\r\n\r\nstart");
        host.Clock.Advance(TimeSpan.FromSeconds(5));

        var status = await client.GetStringAsync("/status");

        Assert.Contains("Brewing Sencha: 10 s left.", status, StringComparison.Ordinal);
        Assert.Contains("width:33%", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrewForm_CoffeeWithAdditions_PotBrewsAndPageShowsTheExchange()
    {
        var response = await PostAsync("/brew", ("pot", "ducky"), ("drink", "coffee"), ("additions", "Cream"), ("additions", "Vanilla"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HTCPCP 200 OK", html, StringComparison.Ordinal);
        Assert.Contains("BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\nAccept-Additions: Cream, Vanilla", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("\"state\":\"brewing\"", (await host.SendAsync("GET coffee://ducky HTTP/1.1\r\n\r\n")).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tea", "coffee", "", 418, "I&#39;m a teapot")]
    [InlineData("ducky", "coffee", "Oat milk", 406, "Not acceptable")]
    [InlineData("ducky", "tea", "", 415, "Wrong kind of order")]
    [InlineData("tea", "tea", "", 300, "Which tea?")]
    [InlineData("nosuch", "coffee", "", 404, "No such pot")]
    public async Task BrewForm_EachMistake_FriendlyPageWithThePotsStatus(string pot, string drink, string other, int status, string title)
    {
        var response = await PostAsync("/brew", ("pot", pot), ("drink", drink), ("other", other));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains($"HTCPCP {status} ", html, StringComparison.Ordinal);
        Assert.Contains("""<pre id="reply">HTCPCP/1.0""", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAcceptablePage_ListsWhatThePotAccepts()
    {
        var html = await (await PostAsync("/brew", ("pot", "tea"), ("drink", "tea:darjeeling"), ("additions", "Whisky"))).Content.ReadAsStringAsync();

        Assert.Contains("<ul id=\"accepted\"><li>Cream</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Stevia</li><li>*</li></ul>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MultipleOptionsPage_OffersEachTeaAsAButton()
    {
        var html = await (await PostAsync("/brew", ("pot", "tea"), ("drink", "tea"))).Content.ReadAsStringAsync();

        Assert.Contains("""<input type="hidden" name="drink" value="tea:peppermint">""", html, StringComparison.Ordinal);
        Assert.Contains("Brew coffee://tea/sencha", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BusyPage_SaysWhenToRetry()
    {
        await PostAsync("/brew", ("pot", "ducky"), ("drink", "coffee"));

        var response = await PostAsync("/brew", ("pot", "ducky"), ("drink", "coffee"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("""<strong id="retry">30</strong>""", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAndWhen_TalkToTheTeapotInItsOwnMediaType()
    {
        await PostAsync("/brew", ("pot", "tea"), ("drink", "tea:earl-grey"), ("additions", "Cream"));
        host.Clock.Advance(TimeSpan.FromSeconds(30));

        var when = await (await PostAsync("/when", ("pot", "tea"))).Content.ReadAsStringAsync();
        var stop = await PostAsync("/stop", ("pot", "tea"));
        var stopAgain = await PostAsync("/stop", ("pot", "tea"));

        Assert.Contains("WHEN coffee://tea HTCPCP/1.0\r\nContent-Type: message/teapot", WebUtility.HtmlDecode(when), StringComparison.Ordinal);
        Assert.Contains("When! The milk has stopped.", when, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stopAgain.StatusCode);
    }

    [Fact]
    public async Task Beans_PropfindShownAsATable()
    {
        var html = await client.GetStringAsync("/beans?pot=ducky");

        Assert.Contains("""<th scope="row">roast</th><td>Medium</td>""", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethodOrPath_405And404()
    {
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.GetAsync("/brew")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/kettle")).StatusCode);
    }

    [Fact]
    public async Task PotDown_502PageExplains()
    {
        var closedPort = FreePort.Allocate();

        await using var web = await CoffeeWebHost.StartAsync(ListenAddress.Loopback(0), new PotAddress("127.0.0.1", closedPort), NullLoggerFactory.Instance, CancellationToken.None);
        using var lonely = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.Port}") };

        var response = await lonely.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("The pot did not answer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
}
