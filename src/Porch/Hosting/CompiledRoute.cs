using Microsoft.AspNetCore.Http;

namespace Porch.Hosting;

/// <summary>A route ready to serve: its prefix, its handler and its body limit (null: unlimited).</summary>
internal sealed record CompiledRoute(PathString Prefix, IRequestHandler Handler, long? MaxBodySize);
