using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Porch.Wire.Jws;

namespace Porch.Acme;

/// <summary>
/// Talks RFC 8555 to one CA with one account key. Every request after the directory is a JWS-signed POST:
/// <list type="number">
/// <item>a fresh nonce: the Replay-Nonce of the previous answer, else HEAD newNonce (§7.2);</item>
/// <item>the protected header names the account by its key (newAccount) or its URL, "kid" (§6.2);</item>
/// <item>a badNonce problem is retried with the nonce it carried (§6.5), a bounded number of times;</item>
/// <item>every other failure becomes one <see cref="AcmeException"/> line: what failed, the CA's problem document,
/// what to do. Unreachable CAs and answers that are not ACME are reported the same way.</item>
/// </list>
/// </summary>
internal sealed class AcmeClient(HttpClient http, Uri directoryUrl, ECDsa accountKey)
{
    private const int BadNonceRetries = 5;
    private static readonly MediaTypeHeaderValue JoseJson = new("application/jose+json");

    private readonly EcPublicJwk jwk = EcPublicJwk.FromKey(accountKey);
    private AcmeDirectory? directory;
    private string? nonce;

    public Uri DirectoryUrl => directoryUrl;

    /// <summary>The account URL, known after <see cref="AccountAsync"/>.</summary>
    public string? AccountUrl { get; private set; }

    /// <summary>token.thumbprint, what every challenge proves (RFC 8555 §8.1).</summary>
    public string KeyAuthorization(string token) => token + "." + jwk.Thumbprint();

    public async Task<AcmeDirectory> DirectoryAsync(CancellationToken cancellationToken)
    {
        if (directory is not null)
        {
            return directory;
        }

        const string What = "Reading the ACME directory";
        var response = await SendAsync(What, () => new HttpRequestMessage(HttpMethod.Get, directoryUrl), cancellationToken);
        directory = Parse(What, directoryUrl, response, AcmeDirectory.From);
        return directory;
    }

    /// <summary>
    /// Creates the account, or finds the one this key already has: newAccount answers 200 with its URL for a known
    /// key (RFC 8555 §7.3.1), so the same call serves both.
    /// </summary>
    public async Task<string> AccountAsync(string? email, CancellationToken cancellationToken)
    {
        var dir = await DirectoryAsync(cancellationToken);
        using var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            // Agreeing is what running Porch with ACME means; the terms URL is printed at start (RFC 8555 §7.3).
            writer.WriteBoolean("termsOfServiceAgreed", true);
            if (!string.IsNullOrEmpty(email))
            {
                writer.WriteStartArray("contact");
                writer.WriteStringValue("mailto:" + email);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        var response = await PostAsync("Creating the ACME account", dir.NewAccount, payload.ToArray(), cancellationToken, byKey: true);
        AccountUrl = response.Location?.ToString()
            ?? throw AcmeFailure.Garbage("Creating the ACME account", dir.NewAccount, response.Status, response.ContentType, "no Location header");
        return AccountUrl;
    }

    public async Task<AcmeOrder> NewOrderAsync(IReadOnlyList<string> names, string? replaces, CancellationToken cancellationToken)
    {
        var dir = await DirectoryAsync(cancellationToken);
        using var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("identifiers");
            foreach (var name in names)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "dns");
                writer.WriteString("value", name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (replaces is not null && dir.RenewalInfo is not null)
            {
                // RFC 9773 §5: tells the CA which certificate this order renews.
                writer.WriteString("replaces", replaces);
            }

            writer.WriteEndObject();
        }

        var what = $"Ordering a certificate for {string.Join(", ", names)}";
        var response = await PostAsync(what, dir.NewOrder, payload.ToArray(), cancellationToken);
        var location = response.Location ?? throw AcmeFailure.Garbage(what, dir.NewOrder, response.Status, response.ContentType, "no Location header");
        return Parse(what, dir.NewOrder, response, json => AcmeOrder.From(location, json));
    }

    public async Task<AcmeOrder> OrderAsync(Uri url, CancellationToken cancellationToken)
    {
        const string What = "Reading the ACME order";
        return Parse(What, url, await PostAsync(What, url, [], cancellationToken), json => AcmeOrder.From(url, json));
    }

    public async Task<AcmeAuthorization> AuthorizationAsync(Uri url, CancellationToken cancellationToken)
    {
        const string What = "Reading the ACME authorization";
        return Parse(What, url, await PostAsync(What, url, [], cancellationToken), json => AcmeAuthorization.From(url, json));
    }

    /// <summary>Tells the CA the challenge is ready to be checked: an empty JSON object (RFC 8555 §7.5.1).</summary>
    public async Task AnswerChallengeAsync(AcmeChallenge challenge, string name, CancellationToken cancellationToken) =>
        await PostAsync($"Answering the {challenge.Type} challenge for {name}", challenge.Url, "{}"u8.ToArray(), cancellationToken);

    public async Task<AcmeOrder> FinalizeAsync(AcmeOrder order, byte[] csrDer, CancellationToken cancellationToken)
    {
        var payload = Encoding.ASCII.GetBytes($"{{\"csr\":\"{System.Buffers.Text.Base64Url.EncodeToString(csrDer)}\"}}");
        var what = $"Finalizing the order for {string.Join(", ", order.Names)}";
        return Parse(what, order.Finalize, await PostAsync(what, order.Finalize, payload, cancellationToken), json => AcmeOrder.From(order.Url, json));
    }

    /// <summary>The issued chain as PEM, leaf first (application/pem-certificate-chain, RFC 8555 §7.4.2).</summary>
    public async Task<string> DownloadCertificateAsync(Uri url, CancellationToken cancellationToken)
    {
        const string What = "Downloading the certificate";
        var response = await PostAsync(What, url, [], cancellationToken);
        var pem = Encoding.ASCII.GetString(response.Body);
        return pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? pem
            : throw AcmeFailure.Garbage(What, url, response.Status, response.ContentType, "no PEM certificate in the body");
    }

    /// <summary>The CA's suggested renewal window (RFC 9773 §4.2), or null when it offers no renewalInfo.</summary>
    public async Task<RenewalWindow?> RenewalInfoAsync(string certId, CancellationToken cancellationToken)
    {
        var dir = await DirectoryAsync(cancellationToken);
        if (dir.RenewalInfo is null)
        {
            return null;
        }

        const string What = "Reading the ACME renewal information";
        var url = new Uri(dir.RenewalInfo.ToString().TrimEnd('/') + "/" + certId);
        var response = await SendAsync(What, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        return Parse(What, url, response, json => RenewalWindow.From(json, response.RetryAfter));
    }

    public async Task<AcmeResponse> PostAsync(string what, Uri url, byte[] payload, CancellationToken cancellationToken, bool byKey = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fresh = await NonceAsync(what, cancellationToken);
            var header = byKey || AccountUrl is null
                ? JwsProtectedHeader.WithJwk(url.ToString(), fresh, jwk)
                : JwsProtectedHeader.WithKid(url.ToString(), fresh, AccountUrl);
            var body = FlattenedJws.Sign(accountKey, header, payload);
            try
            {
                return await SendAsync(what, () => new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = JoseJson } },
                }, cancellationToken);
            }
            catch (AcmeException e) when (e.Problem?.Is("badNonce") == true && attempt < BadNonceRetries)
            {
                // RFC 8555 §6.5: the rejection carried a fresh Replay-Nonce (kept by SendAsync); sign again with it.
            }
        }
    }

    private async Task<string> NonceAsync(string what, CancellationToken cancellationToken)
    {
        // Each nonce is used once: taking it clears it, so two concurrent requests never sign with the same one.
        if (Interlocked.Exchange(ref nonce, null) is { } saved)
        {
            return saved;
        }

        var dir = await DirectoryAsync(cancellationToken);
        await SendAsync(what, () => new HttpRequestMessage(HttpMethod.Head, dir.NewNonce), cancellationToken);
        return Interlocked.Exchange(ref nonce, null)
            ?? throw AcmeFailure.Garbage(what, dir.NewNonce, 200, null, "no Replay-Nonce header");
    }

    private async Task<AcmeResponse> SendAsync(string what, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw AcmeFailure.Unreachable(what, message.RequestUri!, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw AcmeFailure.Unreachable(what, message.RequestUri!, new TimeoutException("no answer in time", e));
        }

        using (response)
        {
            if (response.Headers.TryGetValues("Replay-Nonce", out var nonces) && nonces.FirstOrDefault() is { Length: > 0 } replay)
            {
                Volatile.Write(ref nonce, replay);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            var retryAfter = RetryAfter(response);
            if (response.IsSuccessStatusCode)
            {
                return new AcmeResponse((int)response.StatusCode, Location(response), retryAfter, contentType, body);
            }

            var problem = AcmeProblem.Parse(body);
            throw problem is null
                ? AcmeFailure.Garbage(what, message.RequestUri!, (int)response.StatusCode, contentType, "no problem document")
                : AcmeFailure.Problem(what, problem, retryAfter);
        }
    }

    private static T Parse<T>(string what, Uri url, AcmeResponse response, Func<JsonElement, T> read)
    {
        try
        {
            return read(response.Json());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw AcmeFailure.Garbage(what, url, response.Status, response.ContentType, e.Message.ReplaceLineEndings(" "));
        }
    }

    private static Uri? Location(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location)
            : null;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
