using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Porch.Acme;
using Porch.Tests.Support;

namespace Porch.Tests.Acme;

public class AcmeFaultTests
{
    private static AcmeClient Client(HttpClient http, Uri directory)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new AcmeClient(http, directory, key);
    }

    [Fact]
    public async Task UnreachableCa_OneLineNamingTheServerAndWhatToCheck()
    {
        var port = FreePort.Allocate();
        using var http = AcmeHttp.Create(null);

        var failure = await Assert.ThrowsAsync<AcmeException>(() => Client(http, new Uri($"https://127.0.0.1:{port}/directory")).AccountAsync(null, CancellationToken.None));

        Assert.StartsWith($"Reading the ACME directory failed: cannot reach the ACME server at https://127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--acme-ca", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task GarbageCa_HtmlInsteadOfDirectory_SaysItIsNotAcme()
    {
        await using var ca = await FakeCa.StartAsync(async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Welcome to nginx!</body></html>");
        });
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<AcmeException>(() => Client(http, ca.DirectoryUrl).AccountAsync(null, CancellationToken.None));

        Assert.Contains("answered HTTP 200 (text/html) that is not ACME", failure.Message, StringComparison.Ordinal);
        Assert.Contains("is an ACME directory URL", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task GarbageCa_DirectoryWithoutNewOrder_NamesTheMissingMember()
    {
        await using var ca = await FakeCa.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"newNonce":"http://x/n","newAccount":"http://x/a"}""");
        });
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<AcmeException>(() => Client(http, ca.DirectoryUrl).DirectoryAsync(CancellationToken.None));

        Assert.Contains("\"newOrder\" is missing", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimited_ProblemDocumentAndRetryAfterReported()
    {
        await using var ca = await FakeCa.StartAsync(FakeCa.Acme(async context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "3600";
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync("""
                {"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many new registrations (10) from this IP address\nin the last 3h0m0s","status":429}
                """);
        }));
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<AcmeException>(() => Client(http, ca.DirectoryUrl).AccountAsync("a@example.com", CancellationToken.None));

        Assert.Equal(TimeSpan.FromHours(1), failure.RetryAfter);
        Assert.Equal("rateLimited", failure.Problem!.ShortType);
        Assert.Equal(
            "Creating the ACME account failed: CA says rateLimited: too many new registrations (10) from this IP address in the last 3h0m0s. "
            + "The CA limits how often it issues: Porch tries again in 60 min (Retry-After); avoid forcing renewals meanwhile.",
            failure.Message);
    }

    [Fact]
    public async Task BadNonce_RetriedWithTheNonceOfTheRejection()
    {
        var posts = 0;
        await using var ca = await FakeCa.StartAsync(FakeCa.Acme(async context =>
        {
            if (Interlocked.Increment(ref posts) <= 2)
            {
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync("""{"type":"urn:ietf:params:acme:error:badNonce","detail":"JWS has an invalid anti-replay nonce"}""");
                return;
            }

            context.Response.StatusCode = 201;
            context.Response.Headers.Location = "/acct/1";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":"valid"}""");
        }));
        using var http = new HttpClient();

        var account = await Client(http, ca.DirectoryUrl).AccountAsync(null, CancellationToken.None);

        Assert.Equal(new Uri(ca.BaseAddress, "/acct/1").ToString(), account);
        Assert.Equal(3, posts);
    }

    [Fact]
    public void Problem_WithSubproblems_OneLineWithEachIdentifier()
    {
        // RFC 8555 §6.7.1's example, shortened.
        var problem = AcmeProblem.Parse("""
            {"type":"urn:ietf:params:acme:error:malformed","detail":"Some of the identifiers requested were rejected",
             "subproblems":[
               {"type":"urn:ietf:params:acme:error:malformed","detail":"Invalid underscore in DNS name \"_example.org\"","identifier":{"type":"dns","value":"_example.org"}},
               {"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"This CA will not issue for \"example.net\"","identifier":{"type":"dns","value":"example.net"}}]}
            """u8);

        Assert.Equal(
            "CA says malformed: Some of the identifiers requested were rejected [_example.org: malformed, Invalid underscore in DNS name \"_example.org\"] [example.net: rejectedIdentifier, This CA will not issue for \"example.net\"]",
            problem!.ToString());
    }

    [Fact]
    public void CorruptAccountKey_ErrorNamesTheFileAndItIsNotReplaced()
    {
        using var state = new TempDirectory();
        var storage = new AcmeStorage(state.Path, new Uri("https://ca.example/dir"));
        Directory.CreateDirectory(storage.AccountFolder);
        File.WriteAllText(storage.AccountKeyPath, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");

        var failure = Assert.Throws<AcmeException>(storage.LoadOrCreateAccountKey);

        Assert.Contains(storage.AccountKeyPath, failure.Message, StringComparison.Ordinal);
        Assert.Contains("never replaces it", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not a key", File.ReadAllText(storage.AccountKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void AccountKey_CreatedOnceWithMode0600_ThenReused()
    {
        using var state = new TempDirectory();
        var storage = new AcmeStorage(state.Path, new Uri("https://ca.example:14000/dir"));

        using var first = storage.LoadOrCreateAccountKey();
        using var second = storage.LoadOrCreateAccountKey();

        Assert.Equal(Path.Combine(state.Path, "acme", "ca.example_14000", "account.key"), storage.AccountKeyPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(storage.AccountKeyPath));
        Assert.Equal(first.ExportSubjectPublicKeyInfo(), second.ExportSubjectPublicKeyInfo());
    }
}
