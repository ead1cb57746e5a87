using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Porch.Wire.Dns;

namespace Porch.Dns;

/// <summary>
/// Talks to a zone's primary server: dynamic updates (RFC 2136) and queries, both TSIG-signed when a key is set.
/// 1. Encode the message with a random ID (RFC 5452 §9.2) and sign it (RFC 8945 §4.3).
/// 2. Exchange it over UDP, with retries, or TCP for truncated answers (<see cref="DnsTransport"/>).
/// 3. Decode the answer, check it answers our ID and verify its TSIG with our request's MAC (§5.3).
/// 4. Turn the RCODE and TSIG error into one <see cref="DnsUpdateResult"/> line (<see cref="DnsUpdateAdvice"/>).
/// The same client serves ACME DNS-01 and, later, dynamic DNS of the public address.
/// </summary>
internal sealed partial class Rfc2136Client(Rfc2136Settings settings, TimeProvider time, ILogger<Rfc2136Client> logger)
{
    public Rfc2136Settings Settings => settings;

    /// <summary>Applies <paramref name="updates"/> to the zone if every prerequisite holds (all or nothing, §3.4).</summary>
    public async Task<DnsUpdateResult> UpdateAsync(IReadOnlyList<DnsRecord> prerequisites, IReadOnlyList<DnsRecord> updates, CancellationToken cancellationToken)
    {
        var update = new DnsUpdate(settings.Zone, prerequisites, updates);
        var exchange = await ExchangeAsync(id => update.Encode(id), cancellationToken);
        var result = DnsUpdateAdvice.For(settings, exchange);
        if (result.Ok)
        {
            LogUpdated(logger, settings.Zone, settings.Server, updates.Count);
        }
        else
        {
            LogUpdateFailed(logger, settings.Zone, settings.Server, result.Message);
        }

        return result;
    }

    /// <summary>Asks the server itself (no recursion) for <paramref name="name"/>'s records of <paramref name="type"/>.</summary>
    public Task<DnsExchangeResult> QueryAsync(string name, DnsType type, CancellationToken cancellationToken) =>
        ExchangeAsync(id => DnsQuery.Encode(id, name, type), cancellationToken);

    private async Task<DnsExchangeResult> ExchangeAsync(Func<ushort, byte[]> encode, CancellationToken cancellationToken)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var request = encode(id);
        byte[] requestMac = [];
        if (settings.Key is { } key)
        {
            var signed = Tsig.Sign(request, key, time.GetUtcNow());
            request = signed.Message;
            requestMac = signed.Mac;
        }

        var answer = await DnsTransport.ExchangeAsync(settings.Server, request, settings.Timeout, settings.Attempts, cancellationToken);
        if (answer.Bytes is not { } bytes)
        {
            return DnsExchangeResult.Failed(answer.Status, answer.Detail);
        }

        var read = DnsMessageReader.Read(bytes);
        if (read.Message is not { } response)
        {
            return DnsExchangeResult.Failed(DnsExchangeStatus.BadResponse, $"{settings.Server} sent an answer that is not a DNS message ({read.Error})");
        }

        if (!response.Header.IsResponse || response.Header.Id != id)
        {
            return DnsExchangeResult.Failed(DnsExchangeStatus.BadResponse, $"{settings.Server} sent a message that does not answer ours");
        }

        if (settings.Key is null)
        {
            return new DnsExchangeResult(DnsExchangeStatus.Answered, response, TsigStatus.Unsigned, "");
        }

        var tsig = Tsig.Verify(bytes, response, settings.Key, requestMac, time.GetUtcNow());
        return tsig switch
        {
            TsigStatus.Valid or TsigStatus.RejectedByServer => new DnsExchangeResult(DnsExchangeStatus.Answered, response, tsig, ""),

            // §5.3.3: an unsigned answer to a signed request is not trusted, except an error from a server that does
            // not implement TSIG at all (it could not sign).
            TsigStatus.Unsigned when response.Rcode is DnsRcode.FormErr or DnsRcode.NotImp or DnsRcode.NotAuth =>
                new DnsExchangeResult(DnsExchangeStatus.Answered, response, tsig, ""),
            _ => DnsExchangeResult.Failed(DnsExchangeStatus.BadResponse, $"{settings.Server}'s answer failed TSIG verification ({tsig}) with {settings.KeyDescription}"),
        };
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "DNS update of zone {Zone} at {Server}: {Count} change(s) applied")]
    private static partial void LogUpdated(ILogger logger, string zone, IPEndPoint server, int count);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "DNS update of zone {Zone} at {Server} failed: {Problem}")]
    private static partial void LogUpdateFailed(ILogger logger, string zone, IPEndPoint server, string problem);
}
