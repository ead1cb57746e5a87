using System.Globalization;

namespace Porch.Configuration;

/// <summary>Parses sizes written by people: <c>1048576</c>, <c>512KB</c>, <c>10MB</c>, <c>1GiB</c> (KB and KiB both mean 1024).</summary>
internal static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("TIB", 1L << 40),
        ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40),
        ("B", 1),
    ];

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToUpperInvariant();
        long factor = 1;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length].TrimEnd();
                factor = unitFactor;
                break;
            }
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) ||
            number < 0 || number * factor > long.MaxValue)
        {
            return false;
        }

        bytes = (long)(number * factor);
        return true;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}GB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}MB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}KB",
        _ => $"{bytes}B",
    };
}
