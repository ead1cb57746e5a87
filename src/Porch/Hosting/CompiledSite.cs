using Microsoft.AspNetCore.Http;

namespace Porch.Hosting;

/// <summary>A site's routes, longest prefix first, so matching is one scan with no parsing.</summary>
internal sealed class CompiledSite(string name, IEnumerable<CompiledRoute> routes)
{
    private readonly CompiledRoute[] routes = [.. routes.OrderByDescending(r => r.Prefix.Value!.Length)];

    public string Name { get; } = name;

    public IReadOnlyList<CompiledRoute> Routes => routes;

    /// <summary>The longest prefix that matches on a segment boundary: "/api" matches "/api" and "/api/x", not "/apix".</summary>
    public CompiledRoute? Match(PathString path, out PathString remainder)
    {
        foreach (var route in routes)
        {
            if (route.Prefix.Value == "/")
            {
                remainder = path.HasValue ? path : new PathString("/");
                return route;
            }

            if (path.StartsWithSegments(route.Prefix, StringComparison.Ordinal, out var rest))
            {
                remainder = rest.HasValue ? rest : new PathString("/");
                return route;
            }
        }

        remainder = default;
        return null;
    }
}
