namespace Porch.Access.Passwords;

/// <summary>
/// An htpasswd file kept current: its modification time and size are looked at no more than once per
/// <see cref="CheckInterval"/>, and it is read again when they change. A changed file with errors leaves the users
/// already loaded in place and the errors are reported once per change.
/// </summary>
internal sealed class HtpasswdSource
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string path;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private State state;

    private HtpasswdSource(string path, TimeProvider time, State state)
    {
        this.path = path;
        this.time = time;
        this.state = state;
    }

    public string Path => path;

    public static HtpasswdSource? Load(string path, TimeProvider time, out List<string> errors)
    {
        var stamp = Stamp(path);
        var (users, readErrors) = HtpasswdFile.Read(path);
        errors = readErrors;
        return users is null ? null : new HtpasswdSource(path, time, new State(users, stamp, time.GetTimestamp(), 0));
    }

    /// <summary>The current users; <paramref name="reloadErrors"/> is set once when a changed file could not be used.</summary>
    public IReadOnlyDictionary<string, IPasswordHash> Users(out int generation, out List<string>? reloadErrors)
    {
        reloadErrors = null;
        var current = Volatile.Read(ref state);
        if (time.GetElapsedTime(current.CheckedAt) < CheckInterval)
        {
            generation = current.Generation;
            return current.Users;
        }

        lock (gate)
        {
            current = state;
            if (time.GetElapsedTime(current.CheckedAt) >= CheckInterval)
            {
                var stamp = Stamp(path);
                var users = current.Users;
                var changed = stamp != current.Stamp;
                if (changed)
                {
                    var (read, errors) = HtpasswdFile.Read(path);
                    users = read ?? users;
                    reloadErrors = read is null ? errors : null;
                }

                current = new State(users, stamp, time.GetTimestamp(), current.Generation + (changed ? 1 : 0));
                Volatile.Write(ref state, current);
            }
        }

        generation = current.Generation;
        return current.Users;
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private sealed record State(IReadOnlyDictionary<string, IPasswordHash> Users, (DateTime, long) Stamp, long CheckedAt, int Generation);
}
