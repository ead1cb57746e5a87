using System.Numerics;

namespace Porch.Access.Passwords;

/// <summary>
/// Blowfish's initial P-array and S-boxes: by definition (Schneier, 1993) the first 1042 32-bit words of the
/// fractional part of pi in hexadecimal. Computed once, here, instead of pasted as a table: pi by Machin's formula
/// (pi = 16 arctan 1/5 - 4 arctan 1/239) in fixed point, a few milliseconds on first use.
/// </summary>
internal static class BlowfishPi
{
    /// <summary>18 words for P, then 4 x 256 for the S-boxes.</summary>
    public const int WordCount = 18 + (4 * 256);

    private static readonly Lazy<uint[]> Lazy = new(Compute);

    public static ReadOnlySpan<uint> Words => Lazy.Value;

    private static uint[] Compute()
    {
        // Guard bits absorb the truncation error of each fixed-point division.
        var bits = (32 * WordCount) + 64;
        var one = BigInteger.One << bits;
        var pi = (16 * ArctanInverse(5, one)) - (4 * ArctanInverse(239, one));
        var fraction = pi - (new BigInteger(3) << bits);
        var words = new uint[WordCount];
        for (var i = 0; i < WordCount; i++)
        {
            words[i] = (uint)((fraction >> (bits - (32 * (i + 1)))) & uint.MaxValue);
        }

        return words;
    }

    /// <summary>arctan(1/x) = sum over n of (-1)^n / ((2n+1) x^(2n+1)), scaled by <paramref name="one"/>.</summary>
    private static BigInteger ArctanInverse(int x, BigInteger one)
    {
        var power = one / x;
        var sum = power;
        var squared = x * x;
        for (var n = 1; !power.IsZero; n++)
        {
            power /= squared;
            var term = power / ((2 * n) + 1);
            sum = n % 2 == 1 ? sum - term : sum + term;
        }

        return sum;
    }
}
