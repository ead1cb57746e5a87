namespace Porch.Acme;

/// <summary>
/// Builds the one-line errors of the ACME client: what failed, the CA's problem document, and what to do
/// (RFC 8555 §6.7 lists the problem types).
/// </summary>
internal static class AcmeFailure
{
    public static AcmeException Problem(string what, AcmeProblem problem, TimeSpan? retryAfter) =>
        new($"{what} failed: {problem}. {Advice(problem, retryAfter)}", problem, retryAfter);

    public static AcmeException Unreachable(string what, Uri url, Exception cause) =>
        new($"{what} failed: cannot reach the ACME server at {url.GetLeftPart(UriPartial.Authority)} ({OneLine(cause)}). "
            + "Check the CA address (--acme-ca or acme.ca), its HTTPS trust (--acme-ca-trust) and this machine's network.",
            null, null, cause);

    public static AcmeException Garbage(string what, Uri url, int status, string? contentType, string reason) =>
        new($"{what} failed: the ACME server at {url} answered HTTP {status} ({contentType ?? "no content type"}) that is not ACME ({reason}). "
            + "Check that the CA address (--acme-ca or acme.ca) is an ACME directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory.",
            null, null);

    private static string Advice(AcmeProblem problem, TimeSpan? retryAfter) => problem.ShortType switch
    {
        "rateLimited" => $"The CA limits how often it issues: Porch tries again {(retryAfter is { } wait ? $"in {Math.Ceiling(wait.TotalMinutes)} min (Retry-After)" : "later")}; avoid forcing renewals meanwhile.",
        "connection" or "incorrectResponse" or "unauthorized" or "tls" =>
            "Check that the name resolves to this machine and that the CA can reach Porch: port 80 for http-01, port 443 for tls-alpn-01 (firewall, router port forwarding).",
        "dns" => "Check the name's DNS records (A/AAAA, and the _acme-challenge TXT for dns-01).",
        "caa" => "The name's CAA DNS record does not allow this CA: add one that does, or remove it.",
        "rejectedIdentifier" or "unsupportedIdentifier" => "This CA will not issue for this name: use a public DNS name you control.",
        "userActionRequired" => "Open the CA's terms or instructions (see its detail) and accept them, then retry.",
        "externalAccountRequired" => "This CA needs an external account binding, which Porch does not support yet: use another CA.",
        "badNonce" => "The CA kept refusing fresh nonces: retry later.",
        "serverInternal" => "The CA had an internal error: Porch retries later.",
        _ => "See the CA's detail above; Porch retries later.",
    };

    private static string OneLine(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }
}
