using System.Diagnostics;
using System.Text.Json;
using Porch.Tests.Support;
using Porch.Tests.Tls;
using Xunit.Abstractions;

namespace Porch.Interop.Tests.Tls;

/// <summary>Porch's HTTPS listener with the local CA, checked by real TLS clients: curl and testssl.sh.</summary>
public class HttpsInteropTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("--http1.1", "1.1")]
    [InlineData("--http2", "2")]
    public async Task Curl_CacertOfTheExportedRoot_ServedOverHttps(string protocol, string expectedVersion)
    {
        var curl = Peer.Require("curl", "curl");
        await using var site = await TlsSite.StartAsync();

        var (code, stdout, stderr) = await Peer.RunAsync(curl,
            ["-sS", protocol, "--cacert", site.RootFile, "-w", "\n%{http_version}", $"https://localhost:{site.Port}/"],
            TimeSpan.FromSeconds(30));

        Assert.True(code == 0, stderr);
        Assert.Equal(TlsSite.Page + "\n" + expectedVersion, stdout);
    }

    [SkippableFact]
    public async Task Curl_WithoutTheRoot_RefusesTheCertificate()
    {
        var curl = Peer.Require("curl", "curl");
        await using var site = await TlsSite.StartAsync();

        var (code, _, stderr) = await Peer.RunAsync(curl, ["-sS", $"https://localhost:{site.Port}/"], TimeSpan.FromSeconds(30));

        // curl exit 60: the peer certificate cannot be authenticated with known CA certificates.
        Assert.True(code == 60, stderr);
    }

    /// <summary>
    /// testssl.sh scans protocols (by its own sockets, not the local OpenSSL) and cipher categories. Kept to
    /// <c>--protocols --std --fast</c>: about 20-40 s here on a loaded 2-core machine.
    /// </summary>
    [SkippableFact]
    public async Task TestsslSh_Scan_OnlyTls12And13AndNoWeakCipher()
    {
        var testssl = Peer.Require("testssl", "testssl.sh");
        await using var site = await TlsSite.StartAsync();
        var json = site.File("testssl.json");
        var clock = Stopwatch.StartNew();

        var (_, stdout, stderr) = await Peer.RunAsync(testssl,
            ["--protocols", "--std", "--fast", "--quiet", "--color", "0", "--warnings", "off", "--jsonfile", json,
             "--add-ca", site.RootFile, $"localhost:{site.Port}"],
            TimeSpan.FromMinutes(4));
        output.WriteLine($"testssl.sh took {clock.Elapsed.TotalSeconds:0} s");

        Assert.True(File.Exists(json), stdout + stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var findings = report.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("finding").GetString()!);
        foreach (var id in new[] { "SSLv2", "SSLv3", "TLS1", "TLS1_1", "cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA", "cipherlist_AVERAGE" })
        {
            Assert.True(findings.TryGetValue(id, out var finding), $"testssl.sh reported nothing for {id}:\n{stdout}");
            Assert.Equal("not offered", finding);
        }

        Assert.StartsWith("offered", findings["TLS1_2"], StringComparison.Ordinal);
        Assert.StartsWith("offered", findings["TLS1_3"], StringComparison.Ordinal);
        Assert.StartsWith("offered", findings["cipherlist_STRONG"], StringComparison.Ordinal);
        Assert.Equal("h2", findings["ALPN_HTTP2"]);
    }
}
