using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Porch.StaticFiles;

/// <summary>
/// The HTML page listing a folder that has no index.html, for routes with <c>browse</c>. Dotfiles are hidden, links
/// leading outside the root are left out (their size and date would leak), names are HTML-escaped in text and
/// percent-encoded in links.
/// </summary>
internal static class DirectoryListing
{
    /// <summary>A folder of a million files must not make a page of a hundred megabytes.</summary>
    private const int MaxEntries = 5000;

    /// <param name="context">The request.</param>
    /// <param name="resolver">The route's resolver, to follow links found in the folder.</param>
    /// <param name="realDirectory">The folder, already resolved inside the root.</param>
    /// <param name="isRoot">Whether the folder is the route's root, which has no parent to link to.</param>
    public static Task WriteAsync(HttpContext context, PathResolver resolver, string realDirectory, bool isRoot)
    {
        var entries = new List<(string Name, bool IsDirectory, long Length, DateTime Modified)>();
        var omitted = 0;
        foreach (var info in new DirectoryInfo(realDirectory).EnumerateFileSystemInfos())
        {
            if (info.Name.StartsWith('.'))
            {
                continue;
            }

            var entry = Describe(resolver, realDirectory, info);
            if (entry is null)
            {
                continue;
            }

            if (entries.Count == MaxEntries)
            {
                omitted++;
                continue;
            }

            entries.Add(entry.Value);
        }

        entries.Sort((a, b) => a.IsDirectory != b.IsDirectory
            ? (a.IsDirectory ? -1 : 1)
            : string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));

        var requestPath = context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        var bytes = Encoding.UTF8.GetBytes(Render(requestPath, !isRoot, entries, omitted));
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(bytes).AsTask();
    }

    private static (string Name, bool IsDirectory, long Length, DateTime Modified)? Describe(
        PathResolver resolver, string realDirectory, FileSystemInfo info)
    {
        if (info.LinkTarget is null)
        {
            return info is DirectoryInfo
                ? (info.Name, true, 0, info.LastWriteTimeUtc)
                : (info.Name, false, ((FileInfo)info).Length, info.LastWriteTimeUtc);
        }

        var target = resolver.ResolveIn(realDirectory, info.Name);
        return target.Kind switch
        {
            ResolvedKind.Directory => (info.Name, true, 0, Directory.GetLastWriteTimeUtc(target.RealPath!)),
            ResolvedKind.File => (info.Name, false, new FileInfo(target.RealPath!).Length, File.GetLastWriteTimeUtc(target.RealPath!)),
            _ => null,
        };
    }

    private static string Render(string requestPath, bool hasParent, List<(string Name, bool IsDirectory, long Length, DateTime Modified)> entries, int omitted)
    {
        var title = WebUtility.HtmlEncode("Index of " + requestPath);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{title}</title>
            <style>body{"{"}font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222{"}"}
            table{"{"}border-collapse:collapse;width:100%{"}"}td,th{"{"}padding:.2rem .8rem .2rem 0;text-align:left{"}"}
            td.n{"{"}text-align:right;font-variant-numeric:tabular-nums{"}"}a{"{"}text-decoration:none{"}"}</style></head>
            <body><h1>{title}</h1>
            <table><thead><tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr></thead><tbody>

            """);
        if (hasParent)
        {
            html.Append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
        }

        foreach (var (name, isDirectory, length, modified) in entries)
        {
            var suffix = isDirectory ? "/" : "";
            var size = isDirectory ? "-" : FormatSize(length);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><a href=\"./{Uri.EscapeDataString(name)}{suffix}\">{WebUtility.HtmlEncode(name)}{suffix}</a></td><td class=\"n\">{size}</td><td>{modified:yyyy-MM-dd HH:mm}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
        if (omitted > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{omitted} more entries not shown.</p>\n");
        }

        html.Append("<hr><p><small>porch</small></p></body></html>\n");
        return html.ToString();
    }

    private static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#} GiB"),
    };
}
