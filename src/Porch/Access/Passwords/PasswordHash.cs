namespace Porch.Access.Passwords;

/// <summary>
/// Recognises the hash formats Porch verifies, by prefix: its own PBKDF2-SHA256 (<see cref="Pbkdf2Hash"/>), and the
/// htpasswd formats existing files use, bcrypt (<c>$2y$</c>, <c>$2b$</c>, <c>$2a$</c>) and <c>{SHA}</c>.
/// </summary>
internal static class PasswordHash
{
    private const string Fix = "make a new one with `porch passwd USER` (or `htpasswd -B`)";

    public static bool TryParse(string text, out IPasswordHash? hash, out string? error)
    {
        hash = null;
        if (text.StartsWith(Pbkdf2Hash.Prefix, StringComparison.Ordinal))
        {
            return Pbkdf2Hash.TryParse(text, out hash, out error);
        }

        if (text.StartsWith("$2y$", StringComparison.Ordinal) || text.StartsWith("$2b$", StringComparison.Ordinal) ||
            text.StartsWith("$2a$", StringComparison.Ordinal))
        {
            return BcryptHash.TryParse(text, out hash, out error);
        }

        if (text.StartsWith(Sha1Hash.Prefix, StringComparison.Ordinal))
        {
            return Sha1Hash.TryParse(text, out hash, out error);
        }

        error = text switch
        {
            _ when text.StartsWith("$apr1$", StringComparison.Ordinal) =>
                $"uses Apache's MD5 format ($apr1$), which is too weak to accept; {Fix}",
            _ when text.StartsWith("$2x$", StringComparison.Ordinal) =>
                $"uses the flawed bcrypt variant $2x$; {Fix}",
            _ when text.StartsWith('$') => $"uses a hash format Porch does not know; {Fix}",
            _ => $"is not a hash Porch knows (a crypt() or plain-text password?); {Fix}",
        };
        return false;
    }
}
