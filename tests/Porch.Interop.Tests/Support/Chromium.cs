using Microsoft.Playwright;

namespace Porch.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright (browser downloads are not possible here, so never "playwright install").</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Launches headless Chromium (with <paramref name="extraArgs"/>), or skips the test naming the package when it is missing.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(params string[] extraArgs)
    {
        Skip.IfNot(File.Exists(ExecutablePath), "Chromium is not installed (Debian package 'chromium'; scripts/test.sh installs it)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", .. extraArgs],
        });
        return (playwright, browser);
    }
}
