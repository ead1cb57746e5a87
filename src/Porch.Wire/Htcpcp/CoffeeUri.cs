using System.Globalization;

namespace Porch.Wire.Htcpcp;

/// <summary>
/// A request target: a coffee URI (RFC 2324 §3: <c>coffee-scheme ":" ["//" host] ["/" pot-designator] ["?" additions-list]</c>)
/// or a path (<c>/</c>, <c>/pot-1/earl-grey</c>, as RFC 7168 §2.1 writes them). Segments after the pot designator
/// name a resource of the pot, such as a tea variety.
/// </summary>
internal sealed record CoffeeUri
{
    /// <summary>The scheme as written, or null for a path.</summary>
    public string? Scheme { get; init; }

    /// <summary>The host, percent-decoded and without a port; null for a path, empty for <c>coffee:</c> with no host.</summary>
    public string? Host { get; init; }

    /// <summary>N of a <c>pot-N</c> designator ("for machines with multiple pots").</summary>
    public int? PotNumber { get; init; }

    /// <summary>Path segments after the pot designator, percent-decoded.</summary>
    public IReadOnlyList<string> Resource { get; init; } = [];

    /// <summary>Additions written in the query (<c>?Cream,Vanilla</c>), percent-decoded.</summary>
    public IReadOnlyList<string> QueryAdditions { get; init; } = [];

    /// <summary>Parses a request target; on failure <paramref name="error"/> says why (a 400 in every case).</summary>
    public static CoffeeUri? Parse(string target, out string? error)
    {
        error = null;
        string? scheme = null;
        string? host = null;
        var rest = target;
        if (!target.StartsWith('/'))
        {
            var colon = target.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"\"{target}\" is neither a coffee: URI nor a path.";
                return null;
            }

            scheme = target[..colon];
            if (!CoffeeSchemes.IsCoffee(scheme))
            {
                error = $"\"{scheme}:\" is not a coffee URI scheme; use coffee:// (or the word for coffee in another language, RFC 2324 section 3).";
                return null;
            }

            rest = target[(colon + 1)..];
            host = "";
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                var end = rest.IndexOfAny(['/', '?'], 2);
                var authority = end < 0 ? rest[2..] : rest[2..end];
                rest = end < 0 ? "" : rest[end..];
                host = CoffeeSchemes.PercentDecode(StripPort(authority));
            }
        }

        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rest : rest[..query];
        var additions = query < 0 ? [] : rest[(query + 1)..]
            .Split([',', '&', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => CoffeeSchemes.PercentDecode(a.Replace('+', ' ')))
            .ToArray();
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(CoffeeSchemes.PercentDecode).ToList();
        int? pot = null;
        if (segments.Count > 0 && segments[0].StartsWith("pot-", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(segments[0].AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                error = $"\"{segments[0]}\" is not a pot designator; write pot-0, pot-1, ...";
                return null;
            }

            pot = number;
            segments.RemoveAt(0);
        }

        return new CoffeeUri { Scheme = scheme, Host = host, PotNumber = pot, Resource = segments, QueryAdditions = additions };
    }

    private static string StripPort(string authority)
    {
        var at = authority.LastIndexOf('@');
        var hostPort = at < 0 ? authority : authority[(at + 1)..];
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? hostPort : hostPort[..(close + 1)];
        }

        var colon = hostPort.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? hostPort : hostPort[..colon];
    }
}
