using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Porch.Wire.Dns;

/// <summary>Algorithm names as they appear in TSIG records and BIND key files (RFC 8945 §6), and their hashes.</summary>
internal static class TsigAlgorithms
{
    public const string Supported = "hmac-sha256, hmac-sha512";

    public static string Name(TsigAlgorithm algorithm) => algorithm switch
    {
        TsigAlgorithm.HmacSha512 => "hmac-sha512",
        _ => "hmac-sha256",
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out TsigAlgorithm? algorithm)
    {
        algorithm = (name ?? "").TrimEnd('.').ToLowerInvariant() switch
        {
            "hmac-sha256" => TsigAlgorithm.HmacSha256,
            "hmac-sha512" => TsigAlgorithm.HmacSha512,
            _ => null,
        };
        return algorithm is not null;
    }

    public static HashAlgorithmName Hash(TsigAlgorithm algorithm) =>
        algorithm == TsigAlgorithm.HmacSha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    public static int MacSize(TsigAlgorithm algorithm) => algorithm == TsigAlgorithm.HmacSha512 ? 64 : 32;
}
