using Porch.Wire.Dns;

namespace Porch.Dns;

/// <summary>The response, or why there is none; <see cref="Detail"/> is a phrase for the user's one line.</summary>
internal sealed record DnsExchangeResult(DnsExchangeStatus Status, DnsMessage? Response, TsigStatus Tsig, string Detail)
{
    public static DnsExchangeResult Failed(DnsExchangeStatus status, string detail) => new(status, null, TsigStatus.Unsigned, detail);
}
