using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Hosting;

namespace Porch.Tls;

/// <summary>
/// The TLS step of a listener's pipeline (after the PROXY header, before HTTP):
/// <list type="number">
/// <item><see cref="ClientHelloPeekMiddleware"/> reads the ClientHello's SNI and ALPN without consuming it.</item>
/// <item>Kestrel's HTTPS middleware asks <see cref="SelectAsync"/> for each handshake's options: a TLS-ALPN-01
/// validation (ALPN exactly "acme-tls/1", RFC 8737 §3) gets the pending challenge certificate for its name; any other
/// handshake gets the certificate the current snapshot's <see cref="SniSelector"/> picks for the SNI name, or, without
/// SNI, for the address the client connected to, under <see cref="TlsPolicy"/>.</item>
/// <item>A connection that negotiated "acme-tls/1" is closed after its handshake: RFC 8737 §4 says no application
/// data follows it.</item>
/// </list>
/// The certificate map is read from the live snapshot at each handshake, so a reload changes certificates without
/// rebinding the port.
/// </summary>
internal sealed partial class TlsTermination(Func<CompiledConfig> current, AcmeChallengeResponses challenges, ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<TlsTermination>();

    public void Use(ListenOptions listen)
    {
        var peekLogger = loggerFactory.CreateLogger<ClientHelloPeekMiddleware>();
        listen.Use(next => new ClientHelloPeekMiddleware(next, peekLogger).OnConnectionAsync);
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = SelectAsync,
            HandshakeTimeout = TlsPolicy.HandshakeTimeout,
        });
        listen.Use(next => context => IsAcmeValidation(context) ? Task.CompletedTask : next(context));
    }

    /// <summary>
    /// HTTPS with a single certificate source and no configuration behind it (the coffee front end): the same policy,
    /// the certificate for the SNI name or, without SNI, for the address the client reached.
    /// </summary>
    public static void UseSingleSource(ListenOptions listen, ICertificateSource source)
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context =>
            {
                var name = NullIfEmpty(context.ClientHelloInfo.ServerName) ?? AddressName(context.Connection.LocalEndPoint as IPEndPoint);
                var certificate = source.Find(name) ?? throw new AuthenticationException($"No certificate for {name}.");
                return ValueTask.FromResult(TlsPolicy.ForHttp(certificate));
            },
            HandshakeTimeout = TlsPolicy.HandshakeTimeout,
        });
    }

    private ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context)
    {
        var hello = context.Connection.Features.Get<ClientHelloFeature>()?.Hello;
        var serverName = hello?.ServerName ?? NullIfEmpty(context.ClientHelloInfo.ServerName);
        if (hello is { IsAcmeTlsAlpn01: true })
        {
            if (serverName is not null && challenges.TlsAlpn01.TryGetValue(serverName, out var challenge))
            {
                return ValueTask.FromResult(TlsPolicy.ForAcmeValidation(SslStreamCertificateContext.Create(challenge, null, offline: true)));
            }

            LogNoChallenge(logger, serverName ?? "(no name)");
            throw new AuthenticationException($"No TLS-ALPN-01 challenge is pending for {serverName}.");
        }

        var local = context.Connection.LocalEndPoint as IPEndPoint;
        var name = serverName ?? AddressName(local);
        var certificate = current().Certificates(local?.Port ?? 0)?.Find(name);
        if (certificate is null)
        {
            LogNoCertificate(logger, name ?? "(no name)");
            throw new AuthenticationException($"No certificate for {name}.");
        }

        return ValueTask.FromResult(TlsPolicy.ForHttp(certificate));
    }

    /// <summary>Without SNI (an address typed in the browser), the certificate is for the address the client reached.</summary>
    private static string? AddressName(IPEndPoint? local)
    {
        if (local is null)
        {
            return null;
        }

        var address = local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address;
        return address.ToString();
    }

    private static bool IsAcmeValidation(ConnectionContext context) =>
        context.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual(TlsPolicy.AcmeTls.Protocol.Span) == true;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [LoggerMessage(EventId = 420, Level = LogLevel.Debug, Message = "TLS handshake refused: no certificate for {Name}")]
    private static partial void LogNoCertificate(ILogger logger, string name);

    [LoggerMessage(EventId = 421, Level = LogLevel.Information, Message = "TLS-ALPN-01 handshake for {Name} refused: no challenge is pending for it")]
    private static partial void LogNoChallenge(ILogger logger, string name);
}
