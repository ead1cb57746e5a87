using System.Globalization;

namespace Porch.Configuration;

/// <summary>Parses durations written by people: <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>; a bare number is seconds.</summary>
internal static class Duration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        var (number, unit) = s.EndsWith("ms", StringComparison.Ordinal) ? (s[..^2], 0.001)
            : s.EndsWith('s') ? (s[..^1], 1.0)
            : s.EndsWith('m') ? (s[..^1], 60.0)
            : s.EndsWith('h') ? (s[..^1], 3600.0)
            : s.EndsWith('d') ? (s[..^1], 86400.0)
            : (s, 1.0);

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ||
            value < 0 || double.IsInfinity(value * unit) || value * unit > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
