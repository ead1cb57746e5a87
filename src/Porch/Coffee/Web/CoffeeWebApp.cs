using System.Text;
using Microsoft.AspNetCore.Http;
using Porch.Wire.Htcpcp;

namespace Porch.Coffee.Web;

/// <summary>
/// The coffee front end's requests. Every action is one HTCPCP exchange with the pot over TCP (possibly on another
/// host); the page shows the pot's answer, friendly for every status, with the exchange itself underneath.
/// <list type="bullet">
/// <item><c>GET /</c>: the pots (found with <c>GET /</c> to the pot server, which answers 300 with Alternates), their
/// live state and the brew form.</item>
/// <item><c>GET /status</c>: the live panel alone, polled by the page every second.</item>
/// <item><c>POST /brew</c>, <c>/stop</c>, <c>/when</c>: BREW start, BREW stop, WHEN. <c>GET /beans</c>: PROPFIND.</item>
/// </list>
/// </summary>
internal sealed class CoffeeWebApp(PotClient pot)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var get = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        var aborted = context.RequestAborted;
        switch (request.Path.Value)
        {
            case "/" when get:
                await HomeAsync(context, aborted);
                break;
            case "/status" when get:
                var (_, views) = await LookAsync(aborted);
                await WriteAsync(context, 200, HomePage.Status(views));
                break;
            case "/beans" when get:
                var name = request.Query["pot"].ToString();
                var beans = await pot.SendAsync(HtcpcpMethods.Propfind, Target(name), [], "", aborted);
                await WriteAsync(context, beans.Status, BeansPage.Render(beans, name));
                break;
            case "/brew" or "/stop" or "/when" when post && request.HasFormContentType:
                var form = await request.ReadFormAsync(aborted);
                var exchange = await ActAsync(request.Path.Value, form, aborted);
                await WriteAsync(context, exchange.Status, ResultPage.Render(exchange, form["pot"].ToString()));
                break;
            case "/" or "/status" or "/beans" or "/brew" or "/stop" or "/when":
                context.Response.Headers.Allow = request.Path.Value is "/brew" or "/stop" or "/when" ? "POST" : "GET, HEAD";
                await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, CoffeeHtml.Page("405", "<h1>405 Method Not Allowed</h1><p><a href=\"/\">Back to the pots</a></p>"));
                break;
            default:
                await WriteAsync(context, StatusCodes.Status404NotFound, CoffeeHtml.Page("404", "<h1>404 Not Found</h1><p>This page is not on the menu. <a href=\"/\">Back to the pots</a></p>"));
                break;
        }
    }

    private async Task HomeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (menu, views) = await LookAsync(cancellationToken);
        if (menu.Response?.Status != HtcpcpStatus.MultipleOptions)
        {
            await WriteAsync(context, menu.Response is null ? StatusText.PotUnreachable : menu.Status, ResultPage.Render(menu, ""));
            return;
        }

        await WriteAsync(context, 200, HomePage.Render([.. views.Select(v => v.Pot)], views, pot.Address));
    }

    /// <summary>Discovers the pots, then asks each for its state (GET), all at once.</summary>
    private async Task<(PotExchange Menu, IReadOnlyList<(PotInfo Pot, PotView View)> Views)> LookAsync(CancellationToken cancellationToken)
    {
        var (menu, pots) = await DiscoverAsync(cancellationToken);
        var states = await Task.WhenAll(pots.Select(p => pot.SendAsync(HtcpcpMethods.Get, Target(p.Name), [], "", cancellationToken)));
        return (menu, [.. pots.Zip(states, (p, s) => (p, PotView.From(s)))]);
    }

    private async Task<(PotExchange Menu, IReadOnlyList<PotInfo> Pots)> DiscoverAsync(CancellationToken cancellationToken)
    {
        var menu = await pot.SendAsync(HtcpcpMethods.Get, "/", [], "", cancellationToken);
        return (menu, menu.Response?.Status == HtcpcpStatus.MultipleOptions ? PotMenu.FromAlternates(menu.Response[AlternatesHeader.HeaderName]) : []);
    }

    private async Task<PotExchange> ActAsync(string action, IFormCollection form, CancellationToken cancellationToken)
    {
        var name = form["pot"].ToString();
        if (action == "/brew")
        {
            var drink = form["drink"].ToString();
            var tea = drink.StartsWith("tea", StringComparison.Ordinal);
            var variety = drink.StartsWith("tea:", StringComparison.Ordinal) ? drink[4..] : null;
            var additions = form["additions"].Select(a => a ?? "")
                .Concat(form["other"].ToString().Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Where(a => a.Length > 0 && a.AsSpan().IndexOfAny('\r', '\n') < 0)
                .ToList();
            var headers = new List<HtcpcpHeader> { new("Content-Type", tea ? HtcpcpMediaTypes.TeaPot : HtcpcpMediaTypes.CoffeePot) };
            if (additions.Count > 0)
            {
                headers.Add(new HtcpcpHeader(AcceptAdditions.HeaderName, string.Join(", ", additions)));
            }

            return await pot.SendAsync(HtcpcpMethods.Brew, Target(name, variety), headers, "start", cancellationToken);
        }

        // A stop and a WHEN speak the pot's own language: message/teapot to a teapot.
        var (_, pots) = await DiscoverAsync(cancellationToken);
        var type = pots.FirstOrDefault(p => p.Name == name)?.MediaType ?? HtcpcpMediaTypes.CoffeePot;
        return action == "/stop"
            ? await pot.SendAsync(HtcpcpMethods.Brew, Target(name), [new("Content-Type", type)], "stop", cancellationToken)
            : await pot.SendAsync(HtcpcpMethods.When, Target(name), [new("Content-Type", type)], "", cancellationToken);
    }

    private static string Target(string pot, string? variety = null) =>
        $"coffee://{Uri.EscapeDataString(pot)}" + (string.IsNullOrEmpty(variety) ? "" : "/" + Uri.EscapeDataString(variety));

    private static Task WriteAsync(HttpContext context, int status, string html)
    {
        var response = context.Response;
        response.StatusCode = status is >= 200 and < 300 ? 200 : status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
