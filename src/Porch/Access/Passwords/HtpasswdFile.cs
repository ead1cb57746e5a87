namespace Porch.Access.Passwords;

/// <summary>
/// Reads an htpasswd file: one <c>user:hash</c> per line, blank lines and <c>#</c> comments ignored. Every bad line is
/// reported with its number; a file with any bad line yields no users, so a typo never silently locks someone out
/// or lets an old hash stay.
/// </summary>
internal static class HtpasswdFile
{
    public static (Dictionary<string, IPasswordHash>? Users, List<string> Errors) Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [$"cannot read {path}: {e.Message}"]);
        }

        var users = new Dictionary<string, IPasswordHash>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!TryParseLine(line, out var user, out var hash, out var error))
            {
                errors.Add($"{path} line {i + 1}: {error}");
            }
            else if (!users.TryAdd(user!, hash!))
            {
                errors.Add($"{path} line {i + 1}: user \"{user}\" appears twice; keep one line per user");
            }
        }

        return (errors.Count == 0 ? users : null, errors);
    }

    /// <summary>One <c>USER:HASH</c> entry (a line of the file, or an item of <c>access.users</c>).</summary>
    public static bool TryParseLine(string line, out string? user, out IPasswordHash? hash, out string? error)
    {
        hash = null;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        user = colon > 0 ? line[..colon] : null;
        if (user is null)
        {
            error = "must be USER:HASH; print one with `porch passwd USER`";
            return false;
        }

        if (!PasswordHash.TryParse(line[(colon + 1)..], out hash, out error))
        {
            error = $"the hash of user \"{user}\" {error}";
            return false;
        }

        return true;
    }
}
