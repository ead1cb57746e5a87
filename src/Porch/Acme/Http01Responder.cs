using Microsoft.AspNetCore.Http;

namespace Porch.Acme;

/// <summary>
/// Answers http://NAME/.well-known/acme-challenge/TOKEN (RFC 8555 §8.3) on plain-HTTP listeners, before any routing,
/// redirect or access policy, so a site's own rules can never hide a validation from the CA.
/// </summary>
internal static class Http01Responder
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    /// <summary>The answer, or null when this request is not a challenge Porch is presenting.</summary>
    public static Task? TryAnswer(HttpContext context, AcmeChallengeResponses responses)
    {
        var path = context.Request.Path.Value;
        if (context.Request.IsHttps || path is null || !path.StartsWith(PathPrefix, StringComparison.Ordinal)
            || !responses.Http01.TryGetValue(path[PathPrefix.Length..], out var keyAuthorization))
        {
            return null;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        // §8.3: the body is the key authorization; the CA compares it after trimming whitespace.
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = keyAuthorization.Length;
        return context.Response.WriteAsync(keyAuthorization);
    }
}
