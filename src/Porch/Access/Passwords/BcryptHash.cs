using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Porch.Access.Passwords;

/// <summary>
/// bcrypt lines as htpasswd -B writes them: <c>$2y$COST$</c> + 22 characters of salt + 31 of hash. <c>$2a$</c>,
/// <c>$2b$</c> and <c>$2y$</c> compute the same for every password shorter than 256 bytes (they differ only in old
/// implementations' length bugs), so one routine verifies all three.
/// </summary>
internal sealed class BcryptHash : IPasswordHash
{
    public const int MinCost = 4;

    // Each step doubles the work; 2^20 key expansions already take over a minute: a line above it is a mistake or an attack.
    public const int MaxCost = 20;

    // bcrypt keys Blowfish with at most 72 bytes: the UTF-8 password and its terminating zero byte, truncated.
    private const int MaxKeyBytes = 72;
    private const int SaltBytes = 16;
    private const int HashBytes = 23;

    private readonly int cost;
    private readonly byte[] salt;
    private readonly byte[] expected;

    private BcryptHash(int cost, byte[] salt, byte[] expected)
    {
        this.cost = cost;
        this.salt = salt;
        this.expected = expected;
    }

    public static bool TryParse(string text, out IPasswordHash? hash, out string? error)
    {
        hash = null;
        error = null;
        // "$2y$" "05" "$" then 53 characters.
        if (text.Length != 60 || text[6] != '$' ||
            !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var cost))
        {
            error = "is not a bcrypt hash ($2y$COST$ and 53 characters); make a new one with `htpasswd -B` or `porch passwd USER`";
            return false;
        }

        if (cost is < MinCost or > MaxCost)
        {
            error = $"has bcrypt cost {cost}; use {MinCost} to {MaxCost}";
            return false;
        }

        var salt = BcryptBase64.Decode(text.AsSpan(7, 22), SaltBytes);
        var expected = BcryptBase64.Decode(text.AsSpan(29, 31), HashBytes);
        if (salt is null || expected is null)
        {
            error = "has characters outside bcrypt's base64 alphabet; make a new one with `htpasswd -B` or `porch passwd USER`";
            return false;
        }

        hash = new BcryptHash(cost, salt, expected);
        return true;
    }

    /// <summary>A <c>$2y$</c> line for <paramref name="password"/> with the given salt (tests compare it with htpasswd's).</summary>
    public static string Create(string password, int cost, ReadOnlySpan<byte> salt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, MinCost);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cost, MaxCost);
        var hash = Compute(password, cost, salt);
        return string.Create(CultureInfo.InvariantCulture, $"$2y${cost:D2}${BcryptBase64.Encode(salt)}{BcryptBase64.Encode(hash)}");
    }

    public bool Verify(string password) => CryptographicOperations.FixedTimeEquals(Compute(password, cost, salt), expected);

    private static byte[] Compute(string password, int cost, ReadOnlySpan<byte> salt)
    {
        var utf8 = Encoding.UTF8.GetBytes(password);
        var key = new byte[Math.Min(utf8.Length + 1, MaxKeyBytes)];
        utf8.AsSpan(0, Math.Min(utf8.Length, key.Length)).CopyTo(key);
        var state = new EksBlowfish(cost, salt, key);
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(utf8);
        return state.EncryptMagic()[..HashBytes];
    }
}
