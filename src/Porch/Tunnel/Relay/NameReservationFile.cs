using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Storage;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// Name reservations in <c>relay/names.json</c> (tunnel name → token name). A name a client asked for belongs to the
/// first token that used it, across restarts, until that token is revoked (random names are only checked, see
/// <see cref="INameReservations"/>). Every change is a read-modify-write of the file under
/// <see cref="TokenStoreLock"/>, so the relay reserving names and <c>porch relay token revoke</c> releasing them in
/// another process never lose each other's change. Safe to call from many threads at once.
/// </summary>
internal sealed class NameReservationFile : INameReservations
{
    public const int Version = 1;

    private readonly string _stateDirectory;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();

    /// <summary>The last good copy: used alone when the file becomes unreadable while the relay runs.</summary>
    private Dictionary<string, string> _names;

    private NameReservationFile(string stateDirectory, ILogger logger, Dictionary<string, string> names)
    {
        _stateDirectory = stateDirectory;
        _path = RelayStateFiles.Names(stateDirectory);
        _logger = logger;
        _names = names;
    }

    /// <summary>Loads the reservations. Throws <see cref="RelayStateFileException"/> for a damaged file.</summary>
    public static NameReservationFile Open(string stateDirectory, ILogger? logger = null) =>
        new(stateDirectory, logger ?? NullLogger.Instance, Load(RelayStateFiles.Names(stateDirectory)));

    /// <summary>Every reservation now, name → token name, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Snapshot()
    {
        lock (_lock)
        {
            Refresh();
            return [.. _names.OrderBy(p => p.Key, StringComparer.Ordinal)];
        }
    }

    public bool TryReserve(string name, string tokenName, out string? owner)
    {
        lock (_lock)
        {
            string? current = null;
            Change(names =>
            {
                if (names.TryGetValue(name, out current))
                {
                    return false;
                }

                names[name] = tokenName;
                return true;
            });
            owner = current is null || current == tokenName ? null : current;
            return owner is null;
        }
    }

    public bool IsFree(string name, string tokenName)
    {
        lock (_lock)
        {
            Refresh();
            return !_names.TryGetValue(name, out var owner) || owner == tokenName;
        }
    }

    public void ReleaseToken(string tokenName)
    {
        lock (_lock)
        {
            Change(names =>
            {
                var mine = names.Where(p => p.Value == tokenName).Select(p => p.Key).ToList();
                foreach (var name in mine)
                {
                    names.Remove(name);
                }

                return mine.Count > 0;
            });
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> (true: it changed something) to the file's current content and writes it back.
    /// When the file cannot be read or locked, the change applies to the last good copy only and the file is left as is.
    /// </summary>
    private void Change(Func<Dictionary<string, string>, bool> change)
    {
        try
        {
            using (TokenStoreLock.Acquire(_stateDirectory))
            {
                var names = Load(_path);
                if (change(names))
                {
                    Save(_path, names);
                }

                _names = names;
            }
        }
        catch (Exception e) when (e is RelayStateFileException or IOException or UnauthorizedAccessException)
        {
            TokenStoreLog.NamesUnreadable(_logger, e.Message);
            change(_names);
        }
    }

    private void Refresh()
    {
        try
        {
            _names = Load(_path);
        }
        catch (RelayStateFileException e)
        {
            TokenStoreLog.NamesUnreadable(_logger, e.Message);
        }
    }

    private static Dictionary<string, string> Load(string path)
    {
        var bytes = TokenStoreFile.ReadBytes(path);
        if (bytes is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var document = TokenStoreFile.Deserialize(bytes, TokenStoreJsonContext.Default.NameReservationFileDocument, problem => Corrupt(path, problem));
        if (document.Version != Version)
        {
            throw Corrupt(path, $"expected {{\"version\": {Version}, \"names\": {{\"NAME\": \"TOKEN\"}}}}");
        }

        foreach (var (name, token) in document.Names)
        {
            if (!TunnelName.IsValid(name, out var problem))
            {
                throw Corrupt(path, $"tunnel name {problem}");
            }

            if (TokenStoreName.Problem(token) is { } tokenProblem)
            {
                throw Corrupt(path, $"the token name of \"{name}\", {tokenProblem}");
            }
        }

        return new Dictionary<string, string>(document.Names, StringComparer.Ordinal);
    }

    private static void Save(string path, Dictionary<string, string> names)
    {
        var sorted = new SortedDictionary<string, string>(names, StringComparer.Ordinal);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new NameReservationFileDocument(Version, sorted), TokenStoreJsonContext.Default.NameReservationFileDocument);
        AtomicFile.Write(path, bytes, AtomicFile.Private);
    }

    private static RelayStateFileException Corrupt(string path, string problem) =>
        new($"{path} is damaged: {problem}. Porch will not overwrite it: repair it by hand, or move it aside (names are then reserved again as tunnels connect)");
}
