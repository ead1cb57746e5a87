namespace Porch.Coffee;

/// <summary>The pots of one server, found by name (case-insensitive) or by number.</summary>
internal sealed class PotRegistry
{
    private readonly Dictionary<string, Pot> byName = new(StringComparer.OrdinalIgnoreCase);

    public PotRegistry(IReadOnlyList<PotDefinition> definitions, TimeProvider time, TimeSpan brewTime)
    {
        All = [.. definitions.Select(d => new Pot(d, time, brewTime))];
        foreach (var pot in All)
        {
            if (!byName.TryAdd(pot.Name, pot))
            {
                throw new ArgumentException($"Two pots are named \"{pot.Name}\".", nameof(definitions));
            }
        }
    }

    public IReadOnlyList<Pot> All { get; }

    public Pot? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>N of <c>coffee://host/pot-N</c>: the pot's position on the server, from 0 (as RFC 7168's examples count).</summary>
    public Pot? Find(int number) => number >= 0 && number < All.Count ? All[number] : null;
}
