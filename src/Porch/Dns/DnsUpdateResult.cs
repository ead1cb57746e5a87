namespace Porch.Dns;

/// <summary>An update's outcome, with <see cref="Message"/> as the one line to show: what failed and what to do.</summary>
internal sealed record DnsUpdateResult(DnsUpdateStatus Status, string Message)
{
    public bool Ok => Status == DnsUpdateStatus.Done;
}
