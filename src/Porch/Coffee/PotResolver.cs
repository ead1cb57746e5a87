using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>
/// Finds the pot a request designates, first match wins:
/// <list type="number">
/// <item>a <c>Use-Pot</c> header (what the course's clients send; its first element);</item>
/// <item>the URI's <c>pot-N</c> designator (RFC 2324 §3; the host is then the machine's name and is not checked);</item>
/// <item>the URI's host, which names the pot: <c>coffee://ducky</c>;</item>
/// <item>for a bare variety path such as <c>/earl-grey</c> (RFC 7168 §2.1.1), the teapot that offers it.</item>
/// </list>
/// A name or number that matches no pot is a 404, as is a resource the pot does not have.
/// </summary>
internal static class PotResolver
{
    public const string UsePotHeader = "Use-Pot";

    public static PotTarget Resolve(PotRegistry pots, CoffeeUri uri, string? usePot)
    {
        var named = usePot?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        Pot? pot;
        if (!string.IsNullOrEmpty(named))
        {
            pot = pots.Find(named);
            if (pot is null)
            {
                return NotFound($"There is no pot named \"{named}\" (Use-Pot). Pots here: {Names(pots)}.");
            }
        }
        else if (uri.PotNumber is { } number)
        {
            pot = pots.Find(number);
            if (pot is null)
            {
                return NotFound($"There is no pot-{number}; this server has pot-0 to pot-{pots.All.Count - 1}.");
            }
        }
        else if (!string.IsNullOrEmpty(uri.Host))
        {
            pot = pots.Find(uri.Host);
            if (pot is null)
            {
                return NotFound($"There is no pot named \"{uri.Host}\". Pots here: {Names(pots)}.");
            }
        }
        else
        {
            return ByVarietyOnly(pots, uri);
        }

        return Resource(pot, uri);
    }

    private static PotTarget ByVarietyOnly(PotRegistry pots, CoffeeUri uri)
    {
        if (uri.Resource.Count == 0)
        {
            return new PotTarget(null, null, null);
        }

        var teapot = uri.Resource.Count == 1
            ? pots.All.FirstOrDefault(p => p.Definition.Varieties.Any(v => Same(v.Slug, uri.Resource[0])))
            : null;
        return teapot is null
            ? NotFound($"Nothing here is called \"/{string.Join('/', uri.Resource)}\".")
            : Resource(teapot, uri);
    }

    private static PotTarget Resource(Pot pot, CoffeeUri uri)
    {
        if (uri.Resource.Count == 0)
        {
            return new PotTarget(pot, null, null);
        }

        var variety = uri.Resource.Count == 1 ? pot.Definition.Varieties.FirstOrDefault(v => Same(v.Slug, uri.Resource[0])) : null;
        if (variety is not null)
        {
            return new PotTarget(pot, variety, null);
        }

        return NotFound(pot.Definition.Kind == PotKind.Tea
            ? $"{pot.Name} has no tea called \"{string.Join('/', uri.Resource)}\"; it offers {string.Join(", ", pot.Definition.Varieties.Select(v => v.Slug))}."
            : $"{pot.Name} is a coffee pot and has nothing called \"{string.Join('/', uri.Resource)}\".");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Names(PotRegistry pots) => string.Join(", ", pots.All.Select(p => p.Name));

    private static PotTarget NotFound(string reason) => new(null, null, reason);
}
