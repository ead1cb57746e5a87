using Porch.Access.Passwords;
using Porch.Tests.Support;

namespace Porch.Tests.Access;

public class UserStoreTests
{
    [Fact]
    public void HtpasswdFile_Changed_IsReadAgainAfterTheCheckInterval()
    {
        using var dir = new TempDirectory();
        var path = dir.File("htpasswd");
        File.WriteAllText(path, "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        var clock = new SteppedClock();
        var store = new UserStore(new Dictionary<string, IPasswordHash>(), HtpasswdSource.Load(path, clock, out _), clock);
        Assert.True(store.Verify("bob", "secret", out _));

        // {SHA} of "other", a different length so the change shows even within one mtime tick.
        File.WriteAllText(path, "bob:{SHA}0JQeaNqPOBUf+Gph/Fn3xc+fyqI=\n# changed\n");
        clock.Advance(HtpasswdSource.CheckInterval);

        Assert.False(store.Verify("bob", "secret", out _), "the remembered success is forgotten with the old file");
        Assert.True(store.Verify("bob", "other", out _));
    }

    [Fact]
    public void HtpasswdFile_ChangedToSomethingBroken_KeepsTheUsersItHad()
    {
        using var dir = new TempDirectory();
        var path = dir.File("htpasswd");
        File.WriteAllText(path, "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        var clock = new SteppedClock();
        var store = new UserStore(new Dictionary<string, IPasswordHash>(), HtpasswdSource.Load(path, clock, out _), clock);

        File.WriteAllText(path, "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\nbroken line here\n");
        clock.Advance(HtpasswdSource.CheckInterval);

        Assert.True(store.Verify("bob", "secret", out var errors));
        Assert.Contains(errors!, e => e.Contains("line 2", StringComparison.Ordinal));
        Assert.True(store.Verify("bob", "secret", out var again));
        Assert.Null(again);
    }
}
