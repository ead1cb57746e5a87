using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Forwarding;

/// <summary>`porch proxy` in front of a real nginx, reached by real clients: curl and Chromium.</summary>
public class ProxyInFrontOfNginxTests
{
    private const string Page = """
        <!doctype html>
        <html><head><title>Behind Porch</title><link rel="stylesheet" href="/style.css"></head>
        <body><h1 id="greeting">loading</h1><script src="/app.js"></script></body></html>
        """;

    [SkippableFact]
    public async Task Curl_ThroughProxy_ReachesNginxWithForwardedHeaders()
    {
        var curl = Peer.Require("curl", "curl");
        await using var nginx = await NginxBackend.StartAsync();
        await using var porch = await PorchTestHost.StartAsync(new RouteConfig { Upstream = nginx.BaseAddress.ToString() });

        var (code, output) = await RunAsync(curl, "-sS", "-i", "-H", "Host: blog.example", $"{porch.BaseAddress}headers");

        Assert.Equal(0, code);
        Assert.StartsWith("HTTP/1.1 200", output, StringComparison.Ordinal);
        Assert.Contains("host=blog.example\n", output, StringComparison.Ordinal);
        Assert.Contains("xff=127.0.0.1\n", output, StringComparison.Ordinal);
        Assert.Contains("xfp=http\n", output, StringComparison.Ordinal);
        Assert.Contains("forwarded=for=127.0.0.1;proto=http;host=blog.example", output, StringComparison.Ordinal);
        await porch.AccessLog.WaitForLineAsync(l => l.StartsWith("127.0.0.1 ", StringComparison.Ordinal) && l.Contains("\"GET /headers HTTP/1.1\" 200", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Curl_Http2PriorKnowledge_ThroughProxy_Served()
    {
        var curl = Peer.Require("curl", "curl");
        await using var nginx = await NginxBackend.StartAsync(root => File.WriteAllText(Path.Combine(root, "index.html"), Page));
        await using var porch = await PorchTestHost.StartAsync(new RouteConfig { Upstream = nginx.BaseAddress.ToString() });

        var (code, output) = await RunAsync(curl, "-sS", "-i", "--http2-prior-knowledge", porch.BaseAddress.ToString());

        Assert.Equal(0, code);
        Assert.StartsWith("HTTP/2 200", output, StringComparison.Ordinal);
        Assert.Contains("<title>Behind Porch</title>", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Chromium_ThroughProxy_LoadsPageWithItsStylesAndScript()
    {
        await using var nginx = await NginxBackend.StartAsync(root =>
        {
            File.WriteAllText(Path.Combine(root, "index.html"), Page);
            File.WriteAllText(Path.Combine(root, "style.css"), "h1 { color: rgb(0, 128, 0); }");
            File.WriteAllText(Path.Combine(root, "app.js"), "document.getElementById('greeting').textContent = 'hello through porch';");
        });
        await using var porch = await PorchTestHost.StartAsync(new RouteConfig { Upstream = nginx.BaseAddress.ToString() });
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var response = await page.GotoAsync(porch.BaseAddress.ToString());

            Assert.Equal(200, response!.Status);
            Assert.Equal("Behind Porch", await page.TitleAsync());
            await page.WaitForFunctionAsync("document.getElementById('greeting').textContent === 'hello through porch'");
            Assert.Equal("rgb(0, 128, 0)", await page.EvalOnSelectorAsync<string>("#greeting", "e => getComputedStyle(e).color"));
            Assert.Contains("GET /app.js", nginx.AccessLog, StringComparison.Ordinal);
            await porch.AccessLog.WaitForLineAsync(l => l.Contains("\"GET /style.css HTTP/1.1\" 200", StringComparison.Ordinal));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var (code, stdout, stderr) = await Peer.RunAsync(program, args, TimeSpan.FromSeconds(30));
        return (code, (stdout + stderr).Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
