using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// `porch relay` and `porch share` as real processes, curl as the public client: what a visitor and the app see.
/// curl binds 127.0.0.7 so the forwarded address is provably the visitor's, not the share's own dial to the app.
/// </summary>
public class TunnelCurlTests
{
    private const string Visitor = "127.0.0.7";

    [SkippableFact]
    public async Task Get_Http11_ReachesNginxWithTheVisitorsAddressAndHttps()
    {
        await using var nginx = await NginxBackend.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        var token = await relay.AddTokenAsync("alice");
        var (share, url) = await TunnelShare.StartOnlineAsync(relay, nginx.Port, "blog", token);
        using var _ = share;

        var (exit, output) = await TunnelClients.CurlAsync(relay, "blog", "/headers", "-i", "--http1.1", "--interface", Visitor);

        Assert.True(exit == 0, output);
        Assert.Equal(relay.TunnelUri("blog").ToString().TrimEnd('/'), url);
        Assert.StartsWith("HTTP/1.1 200", output, StringComparison.Ordinal);
        Assert.Contains($"host=blog.localhost:{relay.Port}\n", output, StringComparison.Ordinal);
        Assert.Contains($"xff={Visitor}\n", output, StringComparison.Ordinal);
        Assert.Contains("xfp=https\n", output, StringComparison.Ordinal);
        Assert.Contains($"forwarded=for={Visitor};proto=https", output, StringComparison.Ordinal);
        await relay.Process.Stdout.WaitForLineAsync(
            l => l.StartsWith(Visitor + " ", StringComparison.Ordinal) && l.Contains("\"GET /headers HTTP/1.1\" 200", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Post_Http2_BodyArrivesWholeAndTheAppSeesTheVisitor()
    {
        await using var app = await TunnelApp.StartAsync(web => web.MapPost("/upload", async (HttpContext context) =>
        {
            var hash = await SHA256.HashDataAsync(context.Request.Body);
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
            return $"{context.Request.Method} {Convert.ToHexStringLower(hash)} xff={forwarded} host={context.Request.Host}";
        }));
        await using var relay = await TunnelRelay.StartAsync();
        var token = await relay.AddTokenAsync("alice");
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "api", token);
        using var _ = share;
        using var folder = new TempDirectory();
        var body = RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(folder.File("body.bin"), body);

        var (exit, output) = await TunnelClients.CurlAsync(relay, "api", "/upload",
            "-i", "--http2", "--interface", Visitor, "--data-binary", "@" + folder.File("body.bin"));

        Assert.True(exit == 0, output);
        Assert.StartsWith("HTTP/2 200", output, StringComparison.Ordinal);
        Assert.Contains($"POST {Convert.ToHexStringLower(SHA256.HashData(body))} xff={Visitor} host=api.localhost:{relay.Port}", output,
            StringComparison.Ordinal);
        await relay.Process.Stdout.WaitForLineAsync(
            l => l.StartsWith(Visitor + " ", StringComparison.Ordinal) && l.Contains("\"POST /upload HTTP/2\" 200", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task DefaultShare_AsksForTheGeneratedGuestPassword()
    {
        await using var nginx = await NginxBackend.StartAsync(root => File.WriteAllText(Path.Combine(root, "index.html"), "private page\n"));
        await using var relay = await TunnelRelay.StartAsync();
        var token = await relay.AddTokenAsync("alice");
        using var share = TunnelShare.Start(relay, nginx.Port, "notes", token, []);
        await share.WaitOnlineAsync(relay, TimeSpan.FromSeconds(30));
        var password = await share.GuestPasswordAsync();

        var (anonymousExit, anonymous) = await TunnelClients.CurlAsync(relay, "notes", "/", "-i", "--http1.1");
        var (wrongExit, wrong) = await TunnelClients.CurlAsync(relay, "notes", "/", "-i", "--http1.1", "-u", "guest:not-the-password");
        var (guestExit, guest) = await TunnelClients.CurlAsync(relay, "notes", "/", "-i", "--http1.1", "-u", "guest:" + password);

        Assert.True(anonymousExit == 0 && wrongExit == 0 && guestExit == 0, anonymous + wrong + guest);
        Assert.StartsWith("HTTP/1.1 401", anonymous, StringComparison.Ordinal);
        Assert.Contains("WWW-Authenticate: Basic", anonymous, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("private page", anonymous, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 401", wrong, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", guest, StringComparison.Ordinal);
        Assert.Contains("private page", guest, StringComparison.Ordinal);
    }
}
