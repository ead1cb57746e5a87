using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Porch.Tests.Support;

/// <summary>
/// Debian's pebble (a test ACME CA) and pebble-challtestsrv (its mock DNS, answering every name with 127.0.0.1),
/// started with a generated config on allocated ports. Pebble validates HTTP-01 on <c>httpPort</c> and TLS-ALPN-01
/// on <c>tlsPort</c>: the ports the Porch under test listens on. Its own HTTPS certificate is made here and written
/// to <see cref="TrustPem"/> for --acme-ca-trust.
/// </summary>
internal sealed class Pebble : IAsyncDisposable
{
    private readonly string folder;
    private readonly string pebblePath;
    private readonly string configPath;
    private readonly Dictionary<string, string> environment;
    private readonly Process dns;
    private Process? ca;

    private Pebble(
        string folder, string pebblePath, string configPath, Dictionary<string, string> environment, Process dns,
        (int Http, int Tls) validation, int caPort, int managementPort, int dnsPort, int dnsManagementPort)
    {
        HttpPort = validation.Http;
        TlsPort = validation.Tls;
        this.folder = folder;
        this.pebblePath = pebblePath;
        this.configPath = configPath;
        this.environment = environment;
        this.dns = dns;
        CaPort = caPort;
        ManagementPort = managementPort;
        DnsPort = dnsPort;
        DnsManagementPort = dnsManagementPort;
    }

    /// <summary>Where pebble validates HTTP-01: the Porch under test listens here.</summary>
    public int HttpPort { get; }

    /// <summary>Where pebble validates TLS-ALPN-01 and where the Porch under test serves TLS.</summary>
    public int TlsPort { get; }

    public int CaPort { get; }

    public int ManagementPort { get; }

    /// <summary>The mock DNS server pebble resolves through (UDP and TCP on 127.0.0.1).</summary>
    public int DnsPort { get; }

    /// <summary>pebble-challtestsrv's management API (add-a, set-txt, ...).</summary>
    public int DnsManagementPort { get; }

    public Uri DirectoryUrl => new($"https://127.0.0.1:{CaPort}/dir");

    /// <summary>PEM of the root that signs pebble's HTTPS certificate (not the ACME issuing root).</summary>
    public string TrustPem => Path.Combine(folder, "pebble-https-root.pem");

    public string Log => File.Exists(Path.Combine(folder, "pebble.log")) ? File.ReadAllText(Path.Combine(folder, "pebble.log")) : "";

    public sealed record Options
    {
        /// <summary>Percentage of good nonces pebble rejects with badNonce (PEBBLE_WFE_NONCEREJECT).</summary>
        public int NonceRejectPercent { get; init; }

        /// <summary>Lifetime of issued certificates; pebble's default is five years.</summary>
        public TimeSpan? CertificateValidity { get; init; }

        /// <summary>Start the mock DNS with this resolver instead (e.g. a bind9 for DNS-01); null = challtestsrv.</summary>
        public string? DnsServer { get; init; }
    }

    /// <summary>Starts pebble validating on two newly allocated ports (<see cref="HttpPort"/>, <see cref="TlsPort"/>).</summary>
    public static Task<Pebble> StartAsync(Options? options = null) => StartAsync(FreePort.Allocate(), FreePort.Allocate(), options);

    /// <summary>Starts pebble-challtestsrv and pebble, or skips the test naming the package when they are missing.</summary>
    public static async Task<Pebble> StartAsync(int httpPort, int tlsPort, Options? options = null)
    {
        options ??= new Options();
        var pebble = Peer.Require("pebble", "pebble");
        var challtestsrv = Peer.Require("pebble-challtestsrv", "pebble");
        var folder = Directory.CreateTempSubdirectory("porch-pebble-").FullName;
        var (caPort, managementPort, dnsPort, dnsManagementPort) = (FreePort.Allocate(), FreePort.Allocate(), FreePort.Allocate(), FreePort.Allocate());

        WriteHttpsCertificate(folder);
        var validity = options.CertificateValidity is { } v ? $",\"certificateValidityPeriod\":{(long)v.TotalSeconds}" : "";
        var configPath = Path.Combine(folder, "pebble-config.json");
        await File.WriteAllTextAsync(configPath, $$$"""
            {"pebble":{"listenAddress":"127.0.0.1:{{{caPort}}}","managementListenAddress":"127.0.0.1:{{{managementPort}}}",
            "certificate":"{{{folder}}}/pebble-https.pem","privateKey":"{{{folder}}}/pebble-https.key",
            "httpPort":{{{httpPort}}},"tlsPort":{{{tlsPort}}},"ocspResponderURL":"","externalAccountBindingRequired":false{{{validity}}}}}
            """);

        var dns = StartProcess(challtestsrv, folder, "challtestsrv.log", new Dictionary<string, string>(),
            "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dnsPort}",
            "-management", $"127.0.0.1:{dnsManagementPort}", "-http01", "", "-https01", "", "-tlsalpn01", "");
        var environment = new Dictionary<string, string>
        {
            ["PEBBLE_VA_NOSLEEP"] = "1",
            ["PEBBLE_WFE_NONCEREJECT"] = options.NonceRejectPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Every order gets fresh authorizations, so each test proves a real validation.
            ["PEBBLE_AUTHZREUSE"] = "0",
        };
        var harness = new Pebble(folder, pebble, configPath, environment, dns, (httpPort, tlsPort), caPort, managementPort, dnsPort, dnsManagementPort);
        try
        {
            await FreePort.WaitUntilListeningAsync(dnsManagementPort, TimeSpan.FromSeconds(20));
            await harness.StartCaAsync(options.DnsServer ?? $"127.0.0.1:{dnsPort}");
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    /// <summary>Stops the CA (the mock DNS keeps running), to break renewals on purpose.</summary>
    public async Task StopCaAsync()
    {
        if (ca is { HasExited: false })
        {
            ca.Kill(entireProcessTree: true);
            await ca.WaitForExitAsync();
        }
    }

    /// <summary>The PEM of pebble's current ACME issuing root, to verify issued chains against.</summary>
    public async Task<string> IssuingRootPemAsync()
    {
        using var http = Porch.Acme.AcmeHttp.Create(TrustPem);
        return await http.GetStringAsync(new Uri($"https://127.0.0.1:{ManagementPort}/roots/0"));
    }

    /// <summary>Pebble's current ACME issuing root, to verify issued chains and handshakes against.</summary>
    public async Task<X509Certificate2> IssuingRootAsync() => X509Certificate2.CreateFromPem(await IssuingRootPemAsync());

    /// <summary>ACME settings for this pebble: its directory, trust for its HTTPS, and the challenges to use (all if none).</summary>
    public Porch.Acme.AcmeSettings Settings(params string[] challenges) =>
        challenges.Length == 0
            ? new Porch.Acme.AcmeSettings { Directory = DirectoryUrl, CaTrust = TrustPem }
            : new Porch.Acme.AcmeSettings { Directory = DirectoryUrl, CaTrust = TrustPem, Challenges = challenges };

    public async ValueTask DisposeAsync()
    {
        await StopCaAsync();
        ca?.Dispose();
        await Peer.StopAsync(dns);
        Directory.Delete(folder, recursive: true);
    }

    private async Task StartCaAsync(string dnsServer)
    {
        ca = StartProcess(pebblePath, folder, "pebble.log", environment, "-config", configPath, "-dnsserver", dnsServer);
        try
        {
            await FreePort.WaitUntilListeningAsync(CaPort, TimeSpan.FromSeconds(20));
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("pebble did not start: " + Log, e);
        }
    }

    private static Process StartProcess(string file, string folder, string logName, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(folder, logName), append: true) { AutoFlush = true };
        var sync = new Lock();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (sync)
            {
                log.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void WriteHttpsCertificate(string folder)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Porch test pebble HTTPS root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pebble", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var leaf = request.Create(root, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(Path.Combine(folder, "pebble-https-root.pem"), root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "pebble-https.pem"), leaf.ExportCertificatePem() + "\n" + root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "pebble-https.key"), key.ExportPkcs8PrivateKeyPem(), Encoding.ASCII);
    }
}
