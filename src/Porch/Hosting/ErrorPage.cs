using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Porch.Hosting;

/// <summary>Small self-contained HTML pages for the errors Porch itself answers (404 no route, 502, 504...).</summary>
internal static class ErrorPage
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{status} {WebUtility.HtmlEncode(title)}</title>
            <style>body{"{"}font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222{"}"}</style></head>
            <body><h1>{status} {WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p><hr><p><small>porch</small></p></body></html>

            """;
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(bytes).AsTask();
    }
}
