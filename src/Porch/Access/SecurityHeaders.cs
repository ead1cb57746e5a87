using Microsoft.AspNetCore.Http;

namespace Porch.Access;

/// <summary>
/// Headers that keep a browser from misreading or framing the site: <c>X-Content-Type-Options: nosniff</c> (no MIME
/// sniffing, Fetch §"X-Content-Type-Options"), <c>Referrer-Policy: strict-origin-when-cross-origin</c> (W3C Referrer
/// Policy) and <c>X-Frame-Options</c> (RFC 7034) unless turned off. Set before the handler runs, so a proxied app's
/// own values replace them (the forwarder copies upstream headers over) and Porch never overrides what an app chose.
/// </summary>
internal sealed class SecurityHeaders(string? frameOptions)
{
    public const string NoSniff = "nosniff";
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";
    public const string DefaultFrameOptions = "SAMEORIGIN";

    public static readonly SecurityHeaders Default = new(DefaultFrameOptions);

    /// <summary>The X-Frame-Options value, or null when the site turned it off.</summary>
    public string? FrameOptions { get; } = frameOptions;

    public void Apply(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = NoSniff;
        headers["Referrer-Policy"] = ReferrerPolicy;
        if (FrameOptions is not null)
        {
            headers.XFrameOptions = FrameOptions;
        }
    }
}
