namespace Porch.Configuration;

/// <summary>
/// <c>acme.dns</c> in porch.json: how DNS-01 records are published. Pure data as written; <see cref="Dns.Rfc2136Config"/>
/// checks it and builds the client's settings.
/// <code>
/// "dns": { "provider": "rfc2136", "server": "192.0.2.53:53", "zone": "example.com",
///          "keyName": "porch-key", "keyAlgorithm": "hmac-sha256", "keySecret": "BASE64" }   // or "keyFile": "/etc/porch/porch.key"
/// </code>
/// </summary>
internal sealed record DnsProviderConfig
{
    public const string Rfc2136 = "rfc2136";

    public string? Provider { get; init; }

    /// <summary>The zone's primary server, "IP" or "IP:PORT" (port 53 when left out).</summary>
    public string? Server { get; init; }

    public string? Zone { get; init; }

    public string? KeyName { get; init; }

    /// <summary>hmac-sha256 (default) or hmac-sha512.</summary>
    public string? KeyAlgorithm { get; init; }

    /// <summary>The TSIG secret, base64 as in BIND's <c>secret "..."</c>.</summary>
    public string? KeySecret { get; init; }

    /// <summary>A BIND key file (<c>tsig-keygen</c> output): <c>key "NAME" { algorithm ALG; secret "BASE64"; };</c>.</summary>
    public string? KeyFile { get; init; }
}
