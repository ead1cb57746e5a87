using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Porch.Hosting;

namespace Porch.StaticFiles;

/// <summary>
/// Serves the files of one folder for a route:
/// <list type="number">
/// <item>only GET and HEAD; anything else is 405 with <c>Allow</c> (RFC 9110 §15.5.6);</item>
/// <item>the raw request target is screened for traversal tricks that Kestrel's decoding would hide
/// (<see cref="RequestTargetGuard"/>): refused with 404 and a warning naming the client;</item>
/// <item>a small file already in memory (<see cref="FileCache"/>) and unchanged on disk is answered at once;</item>
/// <item>otherwise the path is resolved inside the real root (<see cref="PathResolver"/>): a folder without the
/// trailing slash is redirected to it, a folder serves its index.html or, with <c>browse</c>, a listing;</item>
/// <item>a file is answered by <see cref="FileResponder"/> (conditional requests, ranges, compression), and kept in
/// memory when small.</item>
/// </list>
/// Missing, hidden and refused paths all look the same to the client: 404.
/// </summary>
internal sealed class StaticFileHandler : IRequestHandler
{
    /// <summary>Memory for cached files per route: room for hundreds of typical pages and assets.</summary>
    private const long CacheBudget = 32 * 1024 * 1024;

    private const string IndexFile = "index.html";

    private readonly ILogger logger;
    private readonly PathResolver resolver;
    private readonly FileEntryLoader loader;
    private readonly FileCache cache = new(CacheBudget);

    public StaticFileHandler(StaticFileOptions options, ILogger<StaticFileHandler> logger)
    {
        Options = options;
        this.logger = logger;
        resolver = new PathResolver(options.Root);
        loader = new FileEntryLoader(resolver);
    }

    public StaticFileOptions Options { get; }

    public Task HandleAsync(HttpContext context, PathString remainder)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return ErrorPage.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed", "Only GET and HEAD are served here.");
        }

        var problem = RequestTargetGuard.InspectRawTarget(RawTarget(context));
        if (problem != PathProblem.None)
        {
            return RefuseAsync(context, problem);
        }

        // Repeated slashes name the same file (as nginx's merge_slashes): one cache key per file, not one per spelling.
        var path = CollapseSlashes(remainder.Value ?? "/");
        var requestPath = context.Request.Path.Value ?? "/";
        if (path == "/" && !requestPath.EndsWith('/'))
        {
            // A route's own folder (GET /static) needs its slash form too, or its page's relative links break.
            return RedirectToFolderAsync(context);
        }

        return cache.TryGet(path, out var entry) ? FileResponder.SendAsync(context, entry) : ResolveAndSendAsync(context, path);
    }

    /// <summary>
    /// 301 to the folder's slash form. Relative links in the folder's page resolve against it (RFC 3986 §5.2.3); the
    /// slashes are collapsed so the Location never starts with "//", which a browser reads as another host.
    /// </summary>
    private static Task RedirectToFolderAsync(HttpContext context)
    {
        var request = context.Request;
        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = CollapseSlashes(request.PathBase.Add(request.Path).ToUriComponent()) + "/" + request.QueryString.ToUriComponent();
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static string CollapseSlashes(string path)
    {
        if (!path.Contains("//", StringComparison.Ordinal))
        {
            return path;
        }

        var collapsed = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c != '/' || collapsed.Length == 0 || collapsed[^1] != '/')
            {
                collapsed.Append(c);
            }
        }

        return collapsed.ToString();
    }

    private async Task ResolveAndSendAsync(HttpContext context, string path)
    {
        try
        {
            var resolved = resolver.Resolve(path);
            if (resolved.Kind == ResolvedKind.Directory)
            {
                await SendDirectoryAsync(context, path, resolved.RealPath!);
            }
            else if (resolved.Kind == ResolvedKind.File && !path.EndsWith('/'))
            {
                await SendFileAsync(context, path, resolved.RealPath!);
            }
            else if (resolved.Kind == ResolvedKind.Refused)
            {
                await RefuseAsync(context, resolved.Problem);
            }
            else
            {
                await NotFoundAsync(context);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted between resolving and reading.
            ClearFileHeaders(context);
            await NotFoundAsync(context);
        }
        catch (UnauthorizedAccessException e)
        {
            StaticFileLog.Unreadable(logger, path, e.Message);
            ClearFileHeaders(context);
            await ErrorPage.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "Porch may not read this file.");
        }
        catch (IOException e)
        {
            StaticFileLog.Unreadable(logger, path, e.Message);
            ClearFileHeaders(context);
            await ErrorPage.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error", "The file could not be read.");
        }
    }

    /// <summary>The file's headers (Content-Encoding, Content-Range, ETag...) must not label the error page that replaces it.</summary>
    private static void ClearFileHeaders(HttpContext context)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
        }
    }

    private async Task SendDirectoryAsync(HttpContext context, string path, string realDirectory)
    {
        if (!path.EndsWith('/'))
        {
            await RedirectToFolderAsync(context);
            return;
        }

        var index = resolver.ResolveIn(realDirectory, IndexFile);
        if (index.Kind == ResolvedKind.File)
        {
            await SendFileAsync(context, path, index.RealPath!);
        }
        else if (index.Kind == ResolvedKind.Refused)
        {
            await RefuseAsync(context, index.Problem);
        }
        else if (Options.Browse)
        {
            await DirectoryListing.WriteAsync(context, resolver, realDirectory, isRoot: realDirectory == resolver.RealRoot);
        }
        else
        {
            await NotFoundAsync(context);
        }
    }

    private Task SendFileAsync(HttpContext context, string path, string realPath)
    {
        var (entry, cacheable) = loader.Load(realPath);
        if (cacheable)
        {
            cache.Add(path, entry);
        }

        return FileResponder.SendAsync(context, entry);
    }

    private Task RefuseAsync(HttpContext context, PathProblem problem)
    {
        StaticFileLog.Refused(logger, problem, context.Connection.RemoteIpAddress, RawTarget(context));
        return NotFoundAsync(context);
    }

    private static Task NotFoundAsync(HttpContext context) =>
        ErrorPage.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found", "No such file.");

    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
}
