using Microsoft.AspNetCore.Http;
using Porch.Access;

namespace Porch.Hosting;

/// <summary>A site's routes, longest prefix first, so matching is one scan with no parsing.</summary>
internal sealed class CompiledSite(string name, IEnumerable<CompiledRoute> routes)
{
    private readonly CompiledRoute[] routes = [.. routes.OrderByDescending(r => r.Prefix.Value!.Length)];

    public string Name { get; } = name;

    public IReadOnlyList<CompiledRoute> Routes => routes;

    /// <summary>Who may use the site, checked once per request before its routes.</summary>
    public AccessPolicy Access { get; init; } = AccessPolicy.Default;

    /// <summary>Strict-Transport-Security on HTTPS responses (RFC 6797), opt-in.</summary>
    public bool Hsts { get; init; }

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
