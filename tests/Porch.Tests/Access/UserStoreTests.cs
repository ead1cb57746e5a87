using Porch.Access.Passwords;
using Porch.Tests.Support;

namespace Porch.Tests.Access;

public class UserStoreTests
{
    [Fact]
    public async Task HtpasswdFile_Changed_IsReadAgainAfterTheCheckInterval()
    {
        using var dir = new TempDirectory();
        var path = dir.File("htpasswd");
        File.WriteAllText(path, "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        var clock = new SteppedClock();
        var store = new UserStore(new Dictionary<string, IPasswordHash>(), HtpasswdSource.Load(path, clock, out _), clock);
        Assert.True((await store.VerifyAsync("bob", "secret", default)).Ok);

        // {SHA} of "other", a different length so the change shows even within one mtime tick.
        File.WriteAllText(path, "bob:{SHA}0JQeaNqPOBUf+Gph/Fn3xc+fyqI=\n# changed\n");
        clock.Advance(HtpasswdSource.CheckInterval);

        Assert.False((await store.VerifyAsync("bob", "secret", default)).Ok, "the remembered success is forgotten with the old file");
        Assert.True((await store.VerifyAsync("bob", "other", default)).Ok);
    }

    [Fact]
    public async Task HtpasswdFile_ChangedToSomethingBroken_KeepsTheUsersItHad()
    {
        using var dir = new TempDirectory();
        var path = dir.File("htpasswd");
        File.WriteAllText(path, "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        var clock = new SteppedClock();
        var store = new UserStore(new Dictionary<string, IPasswordHash>(), HtpasswdSource.Load(path, clock, out _), clock);

        File.WriteAllText(path, "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\nbroken line here\n");
        clock.Advance(HtpasswdSource.CheckInterval);

        var first = await store.VerifyAsync("bob", "secret", default);
        Assert.True(first.Ok);
        Assert.Contains(first.ReloadErrors!, e => e.Contains("line 2", StringComparison.Ordinal));
        var again = await store.VerifyAsync("bob", "secret", default);
        Assert.True(again.Ok);
        Assert.Null(again.ReloadErrors);
    }
}
