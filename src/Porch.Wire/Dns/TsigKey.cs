namespace Porch.Wire.Dns;

/// <summary>A shared TSIG key: its name (the TSIG record's owner name), algorithm and secret.</summary>
internal sealed record TsigKey(string Name, TsigAlgorithm Algorithm, ReadOnlyMemory<byte> Secret)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"{Name} ({TsigAlgorithms.Name(Algorithm)})";
}
