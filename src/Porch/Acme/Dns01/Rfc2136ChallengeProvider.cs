using Microsoft.Extensions.Logging;
using Porch.Dns;
using Porch.Wire.Dns;

namespace Porch.Acme.Dns01;

/// <summary>
/// DNS-01 through RFC 2136 dynamic updates: adds the challenge's TXT value beside any others (a wildcard and its base
/// name share one record name, RFC 8555 §8.4), waits until the primary answers it, and deletes exactly that value at
/// cleanup. A CA queries the zone's servers; once the primary answers, secondaries follow by NOTIFY (RFC 1996).
/// </summary>
internal sealed partial class Rfc2136ChallengeProvider(Rfc2136Client client, TimeProvider time, ILogger<Rfc2136ChallengeProvider> logger) : IDnsChallengeProvider
{
    /// <summary>How long the server may take to answer a record it accepted; BIND answers at once.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Rfc2136ChallengeProvider Create(Rfc2136Settings settings, TimeProvider time, ILoggerFactory loggers) =>
        new(new Rfc2136Client(settings, time, loggers.CreateLogger<Rfc2136Client>()), time, loggers.CreateLogger<Rfc2136ChallengeProvider>());

    public async Task PresentAsync(string recordName, string value, CancellationToken cancellationToken)
    {
        var zone = client.Settings.Zone;
        if (!DnsName.IsAtOrBelow(recordName, zone))
        {
            throw new DnsChallengeException($"DNS-01 for {recordName}: the record is outside the configured zone '{zone}'; set acme.dns.zone to the zone that holds this name");
        }

        var data = DnsRecordData.Txt(value);
        var result = await client.UpdateAsync([], [DnsUpdateRecords.Add(recordName, DnsType.TXT, client.Settings.Ttl, data)], cancellationToken);
        if (!result.Ok)
        {
            throw new DnsChallengeException($"DNS-01 for {recordName}: {result.Message}");
        }

        LogPresented(logger, recordName, client.Settings.Server);
        await WaitUntilAnsweredAsync(recordName, value, cancellationToken);
    }

    public async Task CleanupAsync(string recordName, string value, CancellationToken cancellationToken)
    {
        var result = await client.UpdateAsync([], [DnsUpdateRecords.DeleteRecord(recordName, DnsType.TXT, DnsRecordData.Txt(value))], cancellationToken);
        if (!result.Ok)
        {
            throw new DnsChallengeException($"DNS-01 cleanup of {recordName}: {result.Message}");
        }
    }

    private async Task WaitUntilAnsweredAsync(string recordName, string value, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + PublishTimeout;
        var last = "";
        while (true)
        {
            var answer = await client.QueryAsync(recordName, DnsType.TXT, cancellationToken);
            if (answer.Response is { } response)
            {
                if (response.Answers.Any(r => r.Type == DnsType.TXT && DnsName.Equal(r.Name, recordName) && DnsRecordData.ReadTxt(r.Data.Span) == value))
                {
                    return;
                }

                last = $"it answers {response.Rcode} with {response.Answers.Count} record(s)";
            }
            else
            {
                last = answer.Detail;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new DnsChallengeException(
                    $"DNS-01 for {recordName}: the server at {client.Settings.Server} accepted the TXT record but does not answer it after {PublishTimeout.TotalSeconds:0} s ({last}); check that it is the zone's primary");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7110, Level = LogLevel.Information, Message = "DNS-01: TXT {Record} added at {Server}")]
    private static partial void LogPresented(ILogger logger, string record, System.Net.IPEndPoint server);
}
