using System.Collections.Concurrent;

namespace Porch.StaticFiles;

/// <summary>
/// Small files held in memory, keyed by request path (after the route prefix) and bounded by a byte budget. A hit
/// costs a dictionary lookup and one stat to confirm the file is unchanged: no path resolution, no open, no read.
/// Only paths that resolved inside the root are ever added, and a changed file is dropped and resolved afresh.
/// </summary>
internal sealed class FileCache(long budget)
{
    private readonly ConcurrentDictionary<string, FileEntry> entries = new(StringComparer.Ordinal);
    private long size;

    public int Count => entries.Count;

    public bool TryGet(string path, out FileEntry entry)
    {
        if (!entries.TryGetValue(path, out entry!))
        {
            return false;
        }

        if (entry.IsCurrent())
        {
            return true;
        }

        Remove(new KeyValuePair<string, FileEntry>(path, entry));
        return false;
    }

    public void Add(string path, FileEntry entry)
    {
        var cost = entry.Cost;
        if (cost > budget)
        {
            return;
        }

        // Replacing an entry must give back its cost exactly once, hence the compare-and-swap loop.
        long added;
        while (true)
        {
            if (entries.TryGetValue(path, out var old))
            {
                if (entries.TryUpdate(path, entry, old))
                {
                    added = cost - old.Cost;
                    break;
                }
            }
            else if (entries.TryAdd(path, entry))
            {
                added = cost;
                break;
            }
        }

        if (Interlocked.Add(ref size, added) > budget)
        {
            Shrink();
        }
    }

    /// <summary>Evicts entries in the dictionary's own order until the cache fits: cheap, and no hot-path bookkeeping.</summary>
    private void Shrink()
    {
        foreach (var pair in entries)
        {
            if (Volatile.Read(ref size) <= budget)
            {
                return;
            }

            Remove(pair);
        }
    }

    private void Remove(KeyValuePair<string, FileEntry> pair)
    {
        if (entries.TryRemove(pair))
        {
            Interlocked.Add(ref size, -pair.Value.Cost);
        }
    }
}
