using System.Text;
using Porch.Coffee.Web;
using Porch.Wire.Htcpcp;

namespace Porch.Tests.Coffee;

public class ResultPageTests
{
    [Theory]
    [InlineData(200, "Done")]
    [InlineData(300, "Which tea?")]
    [InlineData(400, "The pot did not understand")]
    [InlineData(404, "No such pot")]
    [InlineData(406, "Not acceptable")]
    [InlineData(409, "Nothing to do")]
    [InlineData(413, "Too much")]
    [InlineData(415, "Wrong kind of order")]
    [InlineData(418, "I&#39;m a teapot")]
    [InlineData(501, "Unknown method")]
    [InlineData(503, "Busy brewing")]
    public void Render_EveryPotStatus_HasItsOwnFriendlyPage(int status, string title)
    {
        var wire = new HtcpcpResponse
        {
            MinorVersion = 0,
            Status = status,
            Headers = [new("Content-Type", "text/plain; charset=utf-8")],
            Body = Encoding.UTF8.GetBytes("<the pot's own words>"),
        }.Encode();
        var exchange = new PotExchange("GET coffee://ducky HTCPCP/1.0\r\n\r\n", Encoding.UTF8.GetString(wire), HtcpcpResponseParser.Parse(wire, out _), null);

        var html = ResultPage.Render(exchange, "ducky");

        Assert.Contains($"<title>{status} {title}</title>", html, StringComparison.Ordinal);
        Assert.Contains($"HTCPCP {status} {HtcpcpStatus.ReasonPhrase(status).Replace("'", "&#39;", StringComparison.Ordinal)}", html, StringComparison.Ordinal);
        Assert.Contains("&lt;the pot&#39;s own words&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<the pot", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Unreachable_502WithTheReason()
    {
        var html = ResultPage.Render(new PotExchange("GET / HTCPCP/1.0\r\n\r\n", "", null, "Connection refused"), "");

        Assert.Contains("<title>502 The pot did not answer</title>", html, StringComparison.Ordinal);
        Assert.Contains("Connection refused", html, StringComparison.Ordinal);
    }
}
