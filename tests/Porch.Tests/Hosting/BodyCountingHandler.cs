using System.Globalization;
using Microsoft.AspNetCore.Http;
using Porch.Hosting;

namespace Porch.Tests.Hosting;

/// <summary>Reads the whole request body and answers with its length: a route handler that really reads a body.</summary>
internal sealed class BodyCountingHandler : IRequestHandler
{
    public static readonly BodyCountingHandler Instance = new();

    public async Task HandleAsync(HttpContext context, PathString remainder)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        await context.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture));
    }
}
