namespace Porch.Wire.Htcpcp;

/// <summary>The status codes a pot answers with, and their reason phrases (RFC 9110 §15, RFC 2324 §2.3, RFC 7168 §2.3).</summary>
internal static class HtcpcpStatus
{
    public const int Ok = 200;

    /// <summary>RFC 7168 §2.3.1: brewing did not start; pick a tea variety from the Alternates header.</summary>
    public const int MultipleOptions = 300;

    public const int BadRequest = 400;
    public const int NotFound = 404;

    /// <summary>RFC 2324 §2.3.1: the pot cannot provide an addition; the body lists the ones it can.</summary>
    public const int NotAcceptable = 406;

    /// <summary>The pot's state does not allow it: nothing to stop, no milk to say WHEN to.</summary>
    public const int Conflict = 409;

    public const int ContentTooLarge = 413;
    public const int UnsupportedMediaType = 415;

    /// <summary>RFC 2324 §2.3.2: any attempt to brew coffee with a teapot. "The resulting entity body MAY be short and stout."</summary>
    public const int ImATeapot = 418;

    public const int NotImplemented = 501;

    /// <summary>Busy brewing; Retry-After says when the pot is free (RFC 9110 §15.6.4, RFC 7168 §2.3.3).</summary>
    public const int ServiceUnavailable = 503;

    public static string ReasonPhrase(int status) => status switch
    {
        Ok => "OK",
        MultipleOptions => "Multiple Options",
        BadRequest => "Bad Request",
        NotFound => "Not Found",
        NotAcceptable => "Not Acceptable",
        Conflict => "Conflict",
        ContentTooLarge => "Content Too Large",
        UnsupportedMediaType => "Unsupported Media Type",
        ImATeapot => "I'm a teapot",
        NotImplemented => "Not Implemented",
        ServiceUnavailable => "Service Unavailable",
        _ => "Unknown",
    };
}
