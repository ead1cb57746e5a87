using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The relay as a <see cref="PorchConfig"/>: one site for DOMAIN and *.DOMAIN on one listener, whose only route is
/// the relay's handler. Everything below the handler (client address, access log, malformed-request check, TLS by
/// SNI, ACME HTTP-01) is the ordinary server.
/// </summary>
internal static class RelayConfig
{
    /// <param name="settings">Domain, scheme and limits.</param>
    /// <param name="listen">The HTTPS (or plain, with --tls off) listen address.</param>
    /// <param name="httpListen">Plain-HTTP addresses beside it (ACME HTTP-01 and redirects); empty for none.</param>
    /// <param name="tls"><c>internal</c>, <c>acme</c> or <c>off</c>.</param>
    /// <param name="maxBodySize">Largest public request body, e.g. <c>100MB</c>; null for the server's default.</param>
    /// <param name="acme">The ACME account settings, for <c>--tls acme</c>.</param>
    /// <param name="handler">The relay's handler (<see cref="RelayExtension"/>).</param>
    /// <param name="accessLog">Where visitors' requests are logged; null: standard output, as every Porch server.</param>
    public static PorchConfig Build(
        RelaySettings settings, string listen, IReadOnlyList<string> httpListen, string tls, string? maxBodySize, AcmeConfig? acme, IRequestHandler handler,
        AccessLogConfig? accessLog = null) => new()
        {
            Acme = acme,
            AccessLog = accessLog ?? new AccessLogConfig(),
            Limits = new LimitsConfig { MaxHttp2Streams = settings.Http2StreamsPerConnection },
            Sites =
        [
            new SiteConfig
            {
                Name = "relay",
                Hosts = [settings.Domain, "*." + settings.Domain],
                Listen = [listen],
                HttpListen = httpListen,
                Tls = tls == TlsConfig.Off ? null : new TlsConfig { Mode = tls },
                // Every tunnel applies its own policy; the relay's domain carries only the token-checked endpoints.
                Access = new AccessConfig { Remote = "allow" },
                Routes = [new RouteConfig { Path = "/", Handler = handler, MaxBodySize = maxBodySize }],
            },
        ],
        };
}
