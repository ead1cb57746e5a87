namespace Porch.Wire.Htcpcp;

/// <summary>
/// The Accept-Additions header field (RFC 2324 §2.2.2.1, extended by RFC 7168 §2.2.1). Names are matched without
/// regard to case. Clients separate additions with <c>,</c> (the RFC's list syntax) or <c>;</c> (what course clients
/// send); an element containing <c>=</c> is an accept-param such as <c>q=0.5</c> and is not an addition.
/// </summary>
internal static class AcceptAdditions
{
    public const string HeaderName = "Accept-Additions";

    /// <summary>milk-type.</summary>
    public static readonly IReadOnlyList<string> Milks = ["Cream", "Half-and-half", "Whole-milk", "Part-Skim", "Skim", "Non-Dairy"];

    /// <summary>syrup-type.</summary>
    public static readonly IReadOnlyList<string> Syrups = ["Vanilla", "Almond", "Raspberry", "Chocolate"];

    /// <summary>alcohol-type.</summary>
    public static readonly IReadOnlyList<string> Alcohols = ["Whisky", "Rum", "Kahlua", "Aquavit"];

    /// <summary>RFC 7168's sugar-type.</summary>
    public static readonly IReadOnlyList<string> Sugars = ["Sugar", "Xylitol", "Stevia"];

    private static readonly Dictionary<string, AdditionKind> Kinds = BuildKinds();

    /// <summary>Every addition in a header value (and query additions), in order, each kept once.</summary>
    public static IReadOnlyList<Addition> Parse(string? headerValue, IEnumerable<string>? more = null)
    {
        var result = new List<Addition>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var elements = (headerValue ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(more ?? []);
        foreach (var element in elements)
        {
            var text = element.Trim(' ', '\t');
            if (text.Length == 0 || text.Contains('=', StringComparison.Ordinal) || !seen.Add(text))
            {
                continue;
            }

            result.Add(new Addition(text, Classify(text)));
        }

        return result;
    }

    public static AdditionKind Classify(string name) => Kinds.GetValueOrDefault(name.Trim(), AdditionKind.Unknown);

    /// <summary>The RFC names of one family (for a 406 body listing what a pot accepts).</summary>
    public static IReadOnlyList<string> NamesOf(AdditionKind kind) => kind switch
    {
        AdditionKind.Milk => Milks,
        AdditionKind.Syrup => Syrups,
        AdditionKind.Alcohol => Alcohols,
        AdditionKind.Sugar => Sugars,
        AdditionKind.Any => ["*"],
        _ => [],
    };

    private static Dictionary<string, AdditionKind> BuildKinds()
    {
        var kinds = new Dictionary<string, AdditionKind>(StringComparer.OrdinalIgnoreCase) { ["*"] = AdditionKind.Any };
        foreach (var kind in (AdditionKind[])[AdditionKind.Milk, AdditionKind.Syrup, AdditionKind.Alcohol, AdditionKind.Sugar])
        {
            foreach (var name in NamesOf(kind))
            {
                kinds[name] = kind;
            }
        }

        return kinds;
    }
}
