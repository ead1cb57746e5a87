using Porch.Access.Passwords;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Access;

/// <summary>Password files made by Apache's htpasswd (Debian apache2-utils) verify in Porch, byte for byte.</summary>
public sealed class HtpasswdInteropTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string folder = Directory.CreateTempSubdirectory("porch-htpasswd-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableTheory]
    [InlineData(4, "x")]
    [InlineData(5, "correct horse battery staple")]
    [InlineData(5, "pässwörd ünïcödé ✓")]
    [InlineData(6, "with:colons:inside")]
    [InlineData(4, "0123456789012345678901234567890123456789012345678901234567890123456789-longer-than-72-bytes")]
    public async Task Bcrypt_FromHtpasswd_VerifiesAndIsReproducedExactly(int cost, string password)
    {
        var htpasswd = Peer.Require("htpasswd", "apache2-utils");

        var (exit, stdout, stderr) = await Peer.RunAsync(htpasswd, ["-nbB", "-C", cost.ToString(System.Globalization.CultureInfo.InvariantCulture), "alice", password], Timeout);

        Assert.True(exit == 0, stderr);
        var line = stdout.Trim();
        Assert.True(HtpasswdFile.TryParseLine(line, out var user, out var hash, out var error), error);
        Assert.Equal("alice", user);
        Assert.True(hash!.Verify(password));
        Assert.False(hash.Verify("x" + password));
        var stored = line["alice:".Length..];
        Assert.Equal(stored, BcryptHash.Create(password, cost, BcryptBase64.Decode(stored.AsSpan(7, 22), 16)));
    }

    [SkippableFact]
    public async Task Sha_FromHtpasswd_Verifies()
    {
        var htpasswd = Peer.Require("htpasswd", "apache2-utils");

        var (exit, stdout, stderr) = await Peer.RunAsync(htpasswd, ["-nbs", "bob", "s3cret ✓"], Timeout);

        Assert.True(exit == 0, stderr);
        Assert.True(HtpasswdFile.TryParseLine(stdout.Trim(), out _, out var hash, out var error), error);
        Assert.True(hash!.Verify("s3cret ✓"));
        Assert.False(hash.Verify("s3cret"));
    }

    [SkippableFact]
    public async Task HtpasswdFile_UsedByASite_CurlSignsInWithEachUser()
    {
        var htpasswd = Peer.Require("htpasswd", "apache2-utils");
        var curl = Peer.Require("curl", "curl");
        var file = Path.Combine(folder, "users");
        Assert.Equal(0, (await Peer.RunAsync(htpasswd, ["-cbB", file, "alice", "wonderland"], Timeout)).Exit);
        Assert.Equal(0, (await Peer.RunAsync(htpasswd, ["-bs", file, "bob", "builder"], Timeout)).Exit);
        File.WriteAllText(Path.Combine(folder, "index.html"), "inside");
        await using var porch = await PorchTestHost.StartAsync(new PorchConfig
        {
            Sites =
            [
                new SiteConfig
                {
                    Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Root = folder }],
                    Access = new AccessConfig { Local = "password", Htpasswd = file },
                },
            ],
        });

        async Task<string> Status(string credentials) =>
            (await Peer.RunAsync(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", credentials, porch.BaseAddress.ToString()], Timeout)).Stdout;

        Assert.Equal("200", await Status("alice:wonderland"));
        Assert.Equal("200", await Status("bob:builder"));
        Assert.Equal("401", await Status("alice:builder"));
    }
}
