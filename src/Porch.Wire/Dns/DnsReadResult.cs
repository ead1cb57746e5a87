namespace Porch.Wire.Dns;

/// <summary>A decoded message, or the one sentence saying why the bytes are not one.</summary>
internal readonly record struct DnsReadResult(DnsMessage? Message, string Error)
{
    public bool Ok => Message is not null;

    public static DnsReadResult Success(DnsMessage message) => new(message, "");

    public static DnsReadResult Failure(string error) => new(null, error);
}
