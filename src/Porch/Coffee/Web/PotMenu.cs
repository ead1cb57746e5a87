using Porch.Wire.Htcpcp;

namespace Porch.Coffee.Web;

/// <summary>
/// The front end discovers the pots by asking the server for <c>/</c>: it answers 300 with an Alternates header
/// listing <c>coffee://ducky</c> (message/coffeepot) and <c>coffee://tea/earl-grey</c> (message/teapot) and so on.
/// </summary>
internal static class PotMenu
{
    public static IReadOnlyList<PotInfo> FromAlternates(string? alternates)
    {
        var pots = new List<PotInfo>();
        foreach (var alternate in AlternatesHeader.Parse(alternates))
        {
            var uri = CoffeeUri.Parse(alternate.Uri, out _);
            if (uri is null || string.IsNullOrEmpty(uri.Host))
            {
                continue;
            }

            var kind = HtcpcpMediaTypes.Classify(alternate.Type) == PotMessageType.Tea ? PotKind.Tea : PotKind.Coffee;
            var index = pots.FindIndex(p => p.Name == uri.Host);
            var varieties = index < 0 ? [] : pots[index].Varieties;
            if (kind == PotKind.Tea && uri.Resource.Count == 1)
            {
                varieties = [.. varieties, uri.Resource[0]];
            }

            var pot = new PotInfo(uri.Host, kind, varieties);
            if (index < 0)
            {
                pots.Add(pot);
            }
            else
            {
                pots[index] = pot;
            }
        }

        return pots;
    }
}
