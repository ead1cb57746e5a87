namespace Porch.Configuration;

/// <summary>One problem in a configuration, located by its JSON path (e.g. <c>$.sites[0].routes[1].upstream</c>).</summary>
internal sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
