using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Porch.Coffee;
using Porch.Coffee.Web;
using Porch.Configuration;
using Porch.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Porch.Interop.Tests.Coffee;

/// <summary>The coffee front end in Debian's Chromium, driven by Playwright, talking HTCPCP to a real pot.</summary>
public class CoffeeBrowserTests
{
    [SkippableFact]
    public async Task Browser_BrewWithAdditions_LiveStateAndFriendlyTeapotAndNotAcceptablePages()
    {
        await using var pot = await PotHost.StartAsync(ListenAddress.Loopback(0), new CoffeeOptions { BrewTime = TimeSpan.FromSeconds(20) },
            NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        await using var web = await CoffeeWebHost.StartAsync(ListenAddress.Loopback(0), new PotAddress("127.0.0.1", pot.Port), NullLoggerFactory.Instance, CancellationToken.None);
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            await BrewThroughTheFrontEndAsync(browser, $"http://127.0.0.1:{web.Port}/");
        }
        finally
        {
            // The browser closes before the hosts it is connected to stop.
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task BrewThroughTheFrontEndAsync(IBrowser browser, string home)
    {
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync(home);
        var ducky = page.Locator("#live .pot[data-pot=ducky] .state");
        await Expect(ducky).ToHaveTextAsync("Idle: ready to brew.");

        await page.SelectOptionAsync("#pot", "ducky");
        await page.SelectOptionAsync("#drink", "coffee");
        await page.CheckAsync("input[name=additions][value=Cream]");
        await page.CheckAsync("input[name=additions][value=Vanilla]");
        var brewed = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#brew-button"), r => r.Url.EndsWith("/brew", StringComparison.Ordinal));
        Assert.Equal(200, brewed.Status);
        await Expect(page.Locator("#status")).ToHaveTextAsync("HTCPCP 200 OK");
        await Expect(page.Locator("#request")).ToContainTextAsync("Accept-Additions: Cream, Vanilla");

        await page.ClickAsync("#back");
        await Expect(ducky).ToContainTextAsync("Brewing coffee with Cream, Vanilla");
        var countdown = await ducky.TextContentAsync();
        await Expect(ducky).Not.ToHaveTextAsync(countdown!);

        await page.SelectOptionAsync("#pot", "tea");
        await page.SelectOptionAsync("#drink", "coffee");
        var teapot = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#brew-button"), r => r.Url.EndsWith("/brew", StringComparison.Ordinal));
        Assert.Equal(418, teapot.Status);
        await Expect(page.Locator("h1")).ToContainTextAsync("I'm a teapot");
        await Expect(page.Locator("#said")).ToContainTextAsync("short and stout");

        await page.GotoAsync(home);
        await page.SelectOptionAsync("#pot", "tea");
        await page.SelectOptionAsync("#drink", "tea:earl-grey");
        await page.FillAsync("#other", "Oat milk");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#brew-button"), r => r.Url.EndsWith("/brew", StringComparison.Ordinal));
        Assert.Equal(406, refused.Status);
        await Expect(page.Locator("h1")).ToContainTextAsync("Not acceptable");
        await Expect(page.Locator("#accepted li").First).ToHaveTextAsync("Cream");
        await Expect(page.Locator("#accepted")).ToContainTextAsync("Stevia");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "porch-coffee-406.png"), FullPage = true });
    }
}
