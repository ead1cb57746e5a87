using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Porch.Hosting;

namespace Porch.StaticFiles;

/// <summary>Serves files from one folder. (Placeholder: the full handler arrives with the static-files work.)</summary>
internal sealed class StaticFileHandler(StaticFileOptions options, ILogger<StaticFileHandler> logger) : IRequestHandler
{
    public StaticFileOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public Task HandleAsync(HttpContext context, PathString remainder)
    {
        var relative = remainder.Value!.TrimStart('/');
        if (relative.Length == 0)
        {
            relative = "index.html";
        }

        var full = Path.GetFullPath(Path.Combine(Options.Root, relative));
        if (!full.StartsWith(Options.Root, StringComparison.Ordinal) || !File.Exists(full))
        {
            return ErrorPage.WriteAsync(context, 404, "Not Found", "No such file.");
        }

        return context.Response.SendFileAsync(full);
    }
}
