using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Porch.Access.Passwords;

/// <summary>
/// The users of one site: the <c>users</c> lines of the config and, when set, an htpasswd file kept current.
/// <para>
/// A browser sends the password with every request, and a PBKDF2 or bcrypt check costs a large fraction of a second
/// by design, so a successful check is remembered for <see cref="RememberFor"/> under an HMAC of user and password
/// with a key that exists only in this process: nothing usable is kept, and a changed file forgets everything.
/// </para>
/// <para>
/// Checks that do hash run at most one per processor at a time, across all sites: a flood of guesses then queues
/// instead of taking every core from the requests that are already signed in.
/// </para>
/// </summary>
internal sealed class UserStore
{
    private static readonly SemaphoreSlim HashingSlots = new(Environment.ProcessorCount);

    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);
    private const int MaxRemembered = 1024;

    // Unknown users are checked against this, so a wrong user name costs the same time as a wrong password.
    private static readonly Lazy<IPasswordHash> Decoy = new(() =>
    {
        PasswordHash.TryParse(Pbkdf2Hash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))), out var hash, out _);
        return hash!;
    });

    private readonly IReadOnlyDictionary<string, IPasswordHash> inline;
    private readonly HtpasswdSource? file;
    private readonly TimeProvider time;
    private readonly byte[] rememberKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<UInt128, long> remembered = new();
    private int rememberedGeneration;

    public UserStore(IReadOnlyDictionary<string, IPasswordHash> inline, HtpasswdSource? file, TimeProvider time)
    {
        this.inline = inline;
        this.file = file;
        this.time = time;
    }

    /// <summary>Checks <paramref name="user"/>'s password; <see cref="Verification.ReloadErrors"/> reports a changed htpasswd file that could not be used.</summary>
    public async ValueTask<Verification> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        if (Verify(user, password, hash: false, out var errors) is { } known)
        {
            return new Verification(known, errors);
        }

        await HashingSlots.WaitAsync(cancellationToken);
        try
        {
            var ok = Verify(user, password, hash: true, out var later) ?? false;
            return new Verification(ok, errors ?? later);
        }
        finally
        {
            HashingSlots.Release();
        }
    }

    /// <summary>True when remembered or verified; null when only hashing can tell and <paramref name="hash"/> is false.</summary>
    private bool? Verify(string user, string password, bool hash, out List<string>? reloadErrors)
    {
        reloadErrors = null;
        IReadOnlyDictionary<string, IPasswordHash>? fromFile = null;
        if (file is not null)
        {
            fromFile = file.Users(out var generation, out reloadErrors);
            if (generation != Volatile.Read(ref rememberedGeneration))
            {
                remembered.Clear();
                Volatile.Write(ref rememberedGeneration, generation);
            }
        }

        var key = RememberKey(user, password);
        var now = time.GetTimestamp();
        if (remembered.TryGetValue(key, out var since) && time.GetElapsedTime(since, now) < RememberFor)
        {
            return true;
        }

        if (!hash)
        {
            return null;
        }

        var stored = inline.GetValueOrDefault(user) ?? fromFile?.GetValueOrDefault(user);
        var ok = (stored ?? Decoy.Value).Verify(password) && stored is not null;
        if (ok)
        {
            if (remembered.Count >= MaxRemembered)
            {
                remembered.Clear();
            }

            remembered[key] = now;
        }

        return ok;
    }

    private UInt128 RememberKey(string user, string password)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var input = Encoding.UTF8.GetBytes($"{user.Length}:{user}:{password}");
        HMACSHA256.HashData(rememberKey, input, mac);
        CryptographicOperations.ZeroMemory(input);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(mac);
    }

    public readonly record struct Verification(bool Ok, List<string>? ReloadErrors);
}
