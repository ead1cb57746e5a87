using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Porch.Storage;

namespace Porch.Tunnel.Relay;

/// <summary>
/// Reads and writes <c>relay/tokens.json</c>. A missing file is an empty store; a file that exists but cannot be read
/// or understood is an error naming it and the fix, never an empty store (that would revoke every token, and the next
/// write would erase them).
/// </summary>
internal static class TokenStoreFile
{
    public const int Version = 1;

    /// <summary>The relay's state folder, made owner-only when new: it holds token hashes and the status URL.</summary>
    public static string EnsureFolder(string stateDirectory)
    {
        var folder = RelayStateFiles.Folder(stateDirectory);
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return folder;
    }

    /// <summary>The file's bytes, or null when there is no file.</summary>
    public static byte[]? ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelayStateFileException($"{path} cannot be read ({e.Message}); give the user running porch read and write access to it (chmod 600, owned by that user)", e);
        }
    }

    public static IReadOnlyList<TokenStoreEntry> Load(string path) => Parse(path, ReadBytes(path));

    /// <summary>The tokens in <paramref name="bytes"/> (null: no file, no tokens), every entry checked.</summary>
    public static IReadOnlyList<TokenStoreEntry> Parse(string path, byte[]? bytes)
    {
        if (bytes is null)
        {
            return [];
        }

        var document = Deserialize(bytes, TokenStoreJsonContext.Default.TokenStoreDocument, problem => Corrupt(path, problem));
        if (document.Version != Version)
        {
            throw Corrupt(path, $"expected {{\"version\": {Version}, \"tokens\": [...]}}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in document.Tokens)
        {
            if (TokenStoreName.Problem(entry.Name) is { } problem)
            {
                throw Corrupt(path, $"token name {problem}");
            }

            if (!seen.Add(entry.Name))
            {
                throw Corrupt(path, $"token \"{entry.Name}\" appears twice");
            }

            if (entry.Sha256.Length != 64 || !entry.Sha256.All(char.IsAsciiHexDigitLower))
            {
                throw Corrupt(path, $"token \"{entry.Name}\" has no valid \"sha256\" (64 lower-case hex digits)");
            }
        }

        return document.Tokens;
    }

    /// <summary>The document in <paramref name="bytes"/>; bad JSON, a missing field or a JSON null is <paramref name="corrupt"/>'s error.</summary>
    public static T Deserialize<T>(byte[] bytes, JsonTypeInfo<T> type, Func<string, RelayStateFileException> corrupt)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw corrupt("it holds null instead of an object");
        }
        catch (JsonException e)
        {
            throw corrupt($"it is not valid JSON of the expected shape ({e.Message})");
        }
    }

    public static void Save(string path, IReadOnlyList<TokenStoreEntry> tokens)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new TokenStoreDocument(Version, tokens), TokenStoreJsonContext.Default.TokenStoreDocument);
        AtomicFile.Write(path, bytes, AtomicFile.Private);
    }

    private static RelayStateFileException Corrupt(string path, string problem) =>
        new($"{path} is damaged: {problem}. Porch will not overwrite it: repair it by hand (or restore it from a backup), "
            + "or move it aside and add the tokens again with `porch relay token add NAME`");
}
