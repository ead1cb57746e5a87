namespace Porch.Dns;

/// <summary>The raw response of <see cref="DnsTransport"/>, or the status and phrase saying why there is none.</summary>
internal readonly record struct DnsTransportAnswer(byte[]? Bytes, DnsExchangeStatus Status, string Detail);
