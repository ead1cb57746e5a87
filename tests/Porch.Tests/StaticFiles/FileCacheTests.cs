using Porch.StaticFiles;

namespace Porch.Tests.StaticFiles;

public sealed class FileCacheTests : IDisposable
{
    private readonly SiteFolder site = new();
    private readonly FileEntryLoader loader;

    public FileCacheTests() => loader = new FileEntryLoader(new PathResolver(site.Root));

    [Fact]
    public void Add_BeyondBudget_EvictsToStayWithinIt()
    {
        var cache = new FileCache(budget: 35_000);
        for (var i = 0; i < 10; i++)
        {
            var (entry, cacheable) = loader.Load(site.Write($"f{i}.bin", new byte[10_000]));
            Assert.True(cacheable);
            cache.Add($"/f{i}.bin", entry);
        }

        Assert.InRange(cache.Count, 1, 3);
    }

    [Fact]
    public void TryGet_FileChangedOnDisk_MissesAndDropsTheEntry()
    {
        var path = site.Write("page.html", "one");
        var cache = new FileCache(budget: 1_000_000);
        cache.Add("/page.html", loader.Load(path).Entry);
        Assert.True(cache.TryGet("/page.html", out var hit));
        Assert.Equal("one"u8.ToArray(), hit.Identity.Content);

        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(1));

        Assert.False(cache.TryGet("/page.html", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Load_LargeFile_IsNotCacheable()
    {
        var (entry, cacheable) = loader.Load(site.Write("big.bin", new byte[FileEntryLoader.MaxCachedLength + 1]));

        Assert.False(cacheable);
        Assert.Null(entry.Identity.Content);
        Assert.Equal(FileEntryLoader.MaxCachedLength + 1, entry.Identity.Length);
    }

    [Fact]
    public void Add_SamePathTwice_CountsOnce()
    {
        var cache = new FileCache(budget: 25_000);
        var path = site.Write("f.bin", new byte[10_000]);
        cache.Add("/f.bin", loader.Load(path).Entry);
        cache.Add("/f.bin", loader.Load(path).Entry);
        cache.Add("/g.bin", loader.Load(site.Write("g.bin", new byte[10_000])).Entry);

        Assert.Equal(2, cache.Count);
    }

    public void Dispose() => site.Dispose();
}
