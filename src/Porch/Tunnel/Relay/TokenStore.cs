using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The relay's tunnel tokens (<c>relay/tokens.json</c>):
/// <list type="number">
/// <item>a token is <c>porch_</c> + 256 random bits in base64url; only its SHA-256 is stored (a 256-bit random secret
/// cannot be guessed from its hash, so a slow password hash would buy nothing);</item>
/// <item><see cref="Verify"/> hashes what a client presents and compares with every stored hash in constant time;</item>
/// <item>the file is watched (FileSystemWatcher, and a 2 s poll as backstop for file systems without notifications),
/// so <c>porch relay token revoke</c> in another process takes effect here: <see cref="Revoked"/> is raised with the
/// name of every token that disappeared;</item>
/// <item>a damaged file stops <see cref="Open"/> with an error naming it; once running, a damaged file is reported and
/// the last good copy stays in use; nothing here ever writes over a file it could not read.</item>
/// </list>
/// </summary>
internal sealed class TokenStore : ITokenVerifier, IDisposable
{
    public const string Prefix = "porch_";

    /// <summary>Backstop for lost or unsupported file notifications.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>A real token is 49 characters; anything far longer is not worth hashing.</summary>
    private const int MaxPresentedLength = 256;

    private readonly string _stateDirectory;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _poll;
    private volatile TokenStoreSnapshot _current;
    private byte[]? _lastBadBytes;
    private bool _badReported;
    private bool _disposed;

    private TokenStore(string stateDirectory, TimeProvider time, ILogger logger, TokenStoreSnapshot current)
    {
        _stateDirectory = stateDirectory;
        _path = RelayStateFiles.Tokens(stateDirectory);
        _time = time;
        _logger = logger;
        _current = current;
    }

    /// <summary>Raised with a token's name when it is revoked (here or by another process), from a background thread.</summary>
    public event Action<string>? Revoked;

    /// <summary>The tokens loaded now.</summary>
    public IReadOnlyList<TokenStoreEntry> Tokens => _current.Entries;

    /// <summary>Loads the tokens and starts watching the file. Throws <see cref="RelayStateFileException"/> for a damaged file.</summary>
    public static TokenStore Open(string stateDirectory, TimeProvider time, ILogger? logger = null)
    {
        var path = RelayStateFiles.Tokens(stateDirectory);
        var bytes = TokenStoreFile.ReadBytes(path);
        var store = new TokenStore(stateDirectory, time, logger ?? NullLogger.Instance, new TokenStoreSnapshot(TokenStoreFile.Parse(path, bytes), bytes));
        store.StartWatching();
        return store;
    }

    public string? Verify(string presented)
    {
        if (presented.Length is 0 or > MaxPresentedLength)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        string? match = null;

        // Every stored hash is compared, each in constant time, so the time taken says nothing about which one matched.
        foreach (var (name, stored) in _current.Hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, stored))
            {
                match ??= name;
            }
        }

        return match;
    }

    /// <summary>Makes a new token named <paramref name="name"/>; false with the reason when the name is bad or taken, or the file is damaged.</summary>
    public bool TryAdd(string name, out string token, out string? error)
    {
        token = "";
        if (TokenStoreName.Problem(name) is { } problem)
        {
            error = $"Token NAME {problem}";
            return false;
        }

        var secret = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var entry = new TokenStoreEntry(name, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), _time.GetUtcNow());
        error = Change(tokens => tokens.Any(t => t.Name == name)
            ? (null, $"A token named \"{name}\" exists already. Choose another name, or revoke it first with `porch relay token revoke {name}` (its tunnels close).")
            : ([.. tokens, entry], null));
        token = error is null ? secret : "";
        return error is null;
    }

    /// <summary>Removes the token named <paramref name="name"/>; false with the reason (naming the known tokens) when there is none.</summary>
    public bool TryRevoke(string name, out string? error)
    {
        error = Change(tokens => tokens.Any(t => t.Name == name)
            ? ([.. tokens.Where(t => t.Name != name)], null)
            : (null, tokens.Count == 0
                ? $"There is no token named \"{name}\": there are no tokens at all (add one with `porch relay token add NAME`)."
                : $"There is no token named \"{name}\". Known tokens: {string.Join(", ", tokens.Select(t => t.Name))}."));
        return error is null;
    }

    /// <summary>Reads the file again if it changed and raises <see cref="Revoked"/> for tokens gone; a damaged file keeps the last good copy.</summary>
    public void Reload()
    {
        List<string> revoked;
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            var next = TryLoadChanged();
            if (next is null)
            {
                return;
            }

            revoked = [.. _current.RevokedIn(next)];
            _current = next;
            TokenStoreLog.Reloaded(_logger, next.Entries.Count);
        }

        foreach (var name in revoked)
        {
            TokenStoreLog.TokenRevoked(_logger, name);
            Revoked?.Invoke(name);
        }
    }

    public void Dispose()
    {
        lock (_reloadLock)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
        _poll?.Dispose();
    }

    /// <summary>
    /// Read-modify-write of the file under the cross-process lock, from what is on disk now (not this copy, which may
    /// be a poll behind), then a reload so this store and its <see cref="Revoked"/> follow. Null, or why nothing was written.
    /// </summary>
    private string? Change(Func<IReadOnlyList<TokenStoreEntry>, (IReadOnlyList<TokenStoreEntry>? Next, string? Error)> edit)
    {
        try
        {
            using (TokenStoreLock.Acquire(_stateDirectory))
            {
                var (next, error) = edit(TokenStoreFile.Load(_path));
                if (next is null)
                {
                    return error;
                }

                TokenStoreFile.Save(_path, next);
            }
        }
        catch (RelayStateFileException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{_path} could not be written ({e.Message}); it is unchanged. Check the disk space and that the user running porch owns the folder.";
        }

        Reload();
        return null;
    }

    private TokenStoreSnapshot? TryLoadChanged()
    {
        byte[]? bytes = null;
        try
        {
            bytes = TokenStoreFile.ReadBytes(_path);
            if (SameBytes(bytes, _current.Bytes))
            {
                return null;
            }

            var next = new TokenStoreSnapshot(TokenStoreFile.Parse(_path, bytes), bytes);
            _lastBadBytes = null;
            return next;
        }
        catch (RelayStateFileException e)
        {
            // Reported when the same damage is seen twice in a row (an editor saving in place shows a half-written file
            // for a moment), and then once, not on every poll. An unreadable file counts as empty content.
            bytes ??= [];
            if (!SameBytes(bytes, _lastBadBytes))
            {
                _lastBadBytes = bytes;
                _badReported = false;
            }
            else if (!_badReported)
            {
                _badReported = true;
                TokenStoreLog.ReloadFailed(_logger, e.Message);
            }

            return null;
        }
    }

    private static bool SameBytes(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private void StartWatching()
    {
        var folder = TokenStoreFile.EnsureFolder(_stateDirectory);
        _poll = _time.CreateTimer(_ => Reload(), null, PollInterval, PollInterval);
        try
        {
            var watcher = new FileSystemWatcher(folder, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => Reload();
            watcher.Created += (_, _) => Reload();
            watcher.Deleted += (_, _) => Reload();
            watcher.Renamed += (_, _) => Reload();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Out of inotify watches, or a file system without notifications: the poll alone still sees every change.
            TokenStoreLog.WatchUnavailable(_logger, folder, e.Message, PollInterval.TotalSeconds);
        }
    }
}
