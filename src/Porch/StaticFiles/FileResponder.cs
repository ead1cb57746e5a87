using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Porch.StaticFiles;

/// <summary>
/// Answers GET or HEAD for one file:
/// <list type="number">
/// <item>choose the form: identity for a Range request (offsets address the file's own bytes), else by Accept-Encoding;</item>
/// <item>evaluate the conditional headers against that form's validators (RFC 9110 §13.2.2): 304 or 412;</item>
/// <item>honour one byte range (206, or 416 when it lies past the end) unless If-Range says the copy is stale;</item>
/// <item>send the bytes from memory, from disk, or compressed while streaming. HEAD stops before the body.</item>
/// </list>
/// For a file held in memory this sets headers from preformatted strings and writes one buffer.
/// </summary>
internal static class FileResponder
{
    private const string AcceptEncodingName = "Accept-Encoding";
    private const string Bytes = "bytes";

    public static Task SendAsync(HttpContext context, FileEntry entry)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = response.Headers;

        // Range applies to GET only (RFC 9110 §14.2).
        var range = HttpMethods.IsGet(request.Method) ? request.Headers.Range : default;
        var representation = range.Count > 0 ? entry.Identity : entry.Select(request.Headers.AcceptEncoding);
        if (entry.Compressible)
        {
            headers.Vary = AcceptEncodingName;
        }

        headers.ETag = representation.ETag;
        headers.LastModified = representation.LastModifiedHeader;
        switch (Preconditions.Evaluate(request.Headers, representation.ETag, representation.LastModified))
        {
            case Precondition.NotModified:
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            case Precondition.Failed:
                response.StatusCode = StatusCodes.Status412PreconditionFailed;
                response.ContentLength = 0;
                return Task.CompletedTask;
        }

        headers.AcceptRanges = Bytes;
        if (range.Count > 0 && Preconditions.RangeAllowed(request.Headers, representation.ETag, representation.LastModified))
        {
            switch (ByteRange.Parse(range, representation.Length, out var byteRange))
            {
                case RangeRequest.Unsatisfiable:
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{representation.Length}");
                    response.ContentLength = 0;
                    return Task.CompletedTask;
                case RangeRequest.Satisfiable:
                    response.StatusCode = StatusCodes.Status206PartialContent;
                    headers.ContentRange = string.Create(CultureInfo.InvariantCulture,
                        $"bytes {byteRange.Start}-{byteRange.End}/{representation.Length}");
                    return SendBodyAsync(context, entry, representation, byteRange.Start, byteRange.Length);
            }
        }

        if (representation.ContentEncoding is { } encoding)
        {
            headers.ContentEncoding = encoding;
        }

        return SendBodyAsync(context, entry, representation, 0, representation.Length);
    }

    private static Task SendBodyAsync(HttpContext context, FileEntry entry, Representation representation, long offset, long length)
    {
        var response = context.Response;
        response.Headers.ContentType = entry.ContentType;
        if (length != Representation.Streamed)
        {
            response.ContentLength = length;
        }

        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
        {
            return Task.CompletedTask;
        }

        if (representation.Content is { } content)
        {
            // No cancellation token: asking for RequestAborted costs a token source per request, and Kestrel fails the
            // write of an aborted connection anyway.
            return response.Body.WriteAsync(content.AsMemory((int)offset, (int)length)).AsTask();
        }

        return representation.CompressWhileSending
            ? CompressAsync(context, representation)
            : SendFileAsync(context, representation.Path, offset, length);
    }

    private static async Task SendFileAsync(HttpContext context, string path, long offset, long length)
    {
        try
        {
            await context.Response.SendFileAsync(path, offset, length, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-file; nothing to answer.
        }
    }

    private static async Task CompressAsync(HttpContext context, Representation representation)
    {
        try
        {
            await using var file = new FileStream(representation.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var compressor = Compressor.Wrap(context.Response.Body, representation.Coding);
            await file.CopyToAsync(compressor, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
        }
    }
}
