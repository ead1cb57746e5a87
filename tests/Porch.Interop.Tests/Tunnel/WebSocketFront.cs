using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// A real nginx in front of the relay that speaks only HTTP/1.1 to tunnel clients (<c>listen ... ssl</c> without
/// http2, so TLS ALPN can only choose http/1.1) and passes WebSocket upgrades on to the relay over TLS, SNI included:
/// the kind of middlebox the WebSocket fallback exists for. Its certificate comes from a CA of its own, written to
/// <see cref="RootPem"/> for the client's <c>--ca</c>.
/// </summary>
internal sealed class WebSocketFront(NginxProcess nginx) : IAsyncDisposable
{
    public int Port => nginx.Port;

    public string RootPem => Path.Combine(nginx.Prefix, "root.pem");

    /// <summary>Where tunnel clients connect: the relay's domain, this proxy's port.</summary>
    public string Url => $"https://localhost:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string ErrorLog => nginx.ErrorLog;

    /// <summary>Starts nginx proxying to the relay on 127.0.0.1:<paramref name="relayPort"/>, or skips naming the package.</summary>
    public static async Task<WebSocketFront> StartAsync(int relayPort)
    {
        var relay = relayPort.ToString(CultureInfo.InvariantCulture);
        return new(await NginxProcess.StartAsync(
            (prefix, port) => $$"""
                    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                    server {
                        listen 127.0.0.1:{{port}} ssl;
                        ssl_certificate {{prefix}}/front.pem;
                        ssl_certificate_key {{prefix}}/front.key;
                        location / {
                            proxy_pass https://127.0.0.1:{{relay}};
                            proxy_http_version 1.1;
                            proxy_set_header Host $http_host;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                            proxy_ssl_server_name on;
                            proxy_ssl_name localhost;
                            proxy_buffering off;
                            proxy_read_timeout 1h;
                            proxy_send_timeout 1h;
                        }
                    }
                """,
            WriteCertificates));
    }

    public ValueTask DisposeAsync() => nginx.DisposeAsync();

    /// <summary>A root and a leaf for <c>localhost</c> signed by it; nginx gets the leaf, the client trusts the root.</summary>
    private static void WriteCertificates(string prefix)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=WebSocket front test root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(root, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(Path.Combine(prefix, "root.pem"), root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(prefix, "front.pem"), leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(prefix, "front.key"), leafKey.ExportPkcs8PrivateKeyPem());
    }
}
