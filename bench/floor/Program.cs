using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Porch.Hosting;
using Porch.Tunnel.Client;
using Porch.Tunnel.Relay;

// The floor of the tunnel's transport (bench/README.md, "Tunnel floor"): the client process starts the server process,
// moves MIB mebibytes ROUNDS times each way through each transport, and prints wall time and CPU of both processes per
// transfer (medians). Usage: Porch.Bench.Floor [--mib N] [--rounds R] [--only ROW] [--tsv FILE]
// --only runs the rows whose key starts with ROW (h2-tls-up, h2-tls-down, h2c-up, h2c-down, tls-up, tls-down); --tsv
// also writes "key, MiB/s, client ms, server ms, both ms" per row (per 100 MiB) for bench/report.py.
if (args is ["server", var pfxPath])
{
    await FloorServer.RunAsync(pfxPath);
    return 0;
}

var mib = 100;
var rounds = 5;
string? only = null;
string? tsv = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--mib" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 4096:
            mib = m;
            break;
        case "--rounds" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 50:
            rounds = r;
            break;
        case "--only":
            only = args[i + 1];
            break;
        case "--tsv":
            tsv = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"floor: unknown or out-of-range option '{args[i]} {args[i + 1]}' (--mib 1..4096, --rounds 1..50, --only ROW, --tsv FILE)");
            return 2;
    }
}

if (args.Length % 2 != 0)
{
    Console.Error.WriteLine($"floor: option '{args[^1]}' needs a value (--mib N, --rounds R, --only ROW, --tsv FILE)");
    return 2;
}

await FloorClient.RunAsync(mib * 1024L * 1024, rounds, only, tsv);
return 0;

/// <summary>Bytes per application read and write on both sides: what porch's tunnel code uses (StreamPump, TunnelSession).</summary>
internal static class Floor
{
    public const int ChunkSize = 64 * 1024;

    public static readonly byte[] Chunk = RandomNumberGenerator.GetBytes(ChunkSize);

    public static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>
/// Kestrel with the relay's tunnel settings (<see cref="RelayExtension.ConfigureTunnelConnections"/>, porch's 32 KiB
/// memory pool) on HTTPS with h2 and on h2c, plus a bare SslStream listener. Sinks count what they read; sources write
/// what they are asked for. Prints "ready HTTPS H2C TLS" (the ports) and stops when its stdin closes.
/// </summary>
internal static class FloorServer
{
    public static async Task RunAsync(string pfxPath)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(new LargeBlockMemoryPool.Factory());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            RelayExtension.ConfigureTunnelConnections(kestrel);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(certificate);
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        await using var app = builder.Build();
        app.MapPost("/sink", SinkAsync);
        app.MapPost("/source", SourceAsync);
        await app.StartAsync();

        using var tls = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tls.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        tls.Listen();
        _ = AcceptTlsAsync(tls, certificate);

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var https = new Uri(addresses.Single(a => a.StartsWith("https:", StringComparison.Ordinal))).Port;
        var h2c = new Uri(addresses.Single(a => a.StartsWith("http:", StringComparison.Ordinal))).Port;
        Console.WriteLine($"ready {https} {h2c} {((IPEndPoint)tls.LocalEndPoint!).Port}");
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
    }

    private static async Task SinkAsync(HttpContext context)
    {
        long total = 0;
        while (true)
        {
            var result = await context.Request.BodyReader.ReadAsync(context.RequestAborted);
            total += result.Buffer.Length;
            context.Request.BodyReader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await context.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture), context.RequestAborted);
    }

    private static async Task SourceAsync(HttpContext context)
    {
        var remaining = long.Parse(context.Request.Query["bytes"]!, CultureInfo.InvariantCulture);
        while (remaining > 0)
        {
            var size = (int)Math.Min(remaining, Floor.ChunkSize);
            await context.Response.Body.WriteAsync(Floor.Chunk.AsMemory(0, size), context.RequestAborted);
            remaining -= size;
        }
    }

    private static async Task AcceptTlsAsync(Socket listener, X509Certificate2 certificate)
    {
        while (true)
        {
            var socket = await listener.AcceptAsync();
            _ = ServeTlsAsync(socket, certificate);
        }
    }

    /// <summary>First byte 'S': read to the end, answer the count. 'F' and an 8-byte count: write that many bytes.</summary>
    private static async Task ServeTlsAsync(Socket socket, X509Certificate2 certificate)
    {
        socket.NoDelay = true;
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
        var header = new byte[9];
        await tls.ReadExactlyAsync(header.AsMemory(0, 1));
        if (header[0] == (byte)'S')
        {
            var buffer = new byte[Floor.ChunkSize];
            long total = 0;
            int read;
            while ((read = await tls.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            BinaryPrimitives.WriteInt64BigEndian(header, total);
            await tls.WriteAsync(header.AsMemory(0, 8));
        }
        else
        {
            await tls.ReadExactlyAsync(header.AsMemory(1, 8));
            var remaining = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(1));
            while (remaining > 0)
            {
                var size = (int)Math.Min(remaining, Floor.ChunkSize);
                await tls.WriteAsync(Floor.Chunk.AsMemory(0, size));
                remaining -= size;
            }
        }

        await tls.ShutdownAsync();
    }
}

/// <summary>Runs every transport and direction against a <see cref="FloorServer"/> child and prints the table.</summary>
internal static class FloorClient
{
    private sealed record Sample(double Seconds, double ClientCpu, double ServerCpu);

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);

    public static async Task RunAsync(long bytes, int rounds, string? only, string? tsv)
    {
        using var certificate = Floor.CreateCertificate();
        var pfx = Path.Combine(Path.GetTempPath(), $"porch-floor-{Environment.ProcessId}.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12));
        using var server = StartServer(pfx);
        try
        {
            var ready = (await server.StandardOutput.ReadLineAsync())?.Split(' ');
            if (ready is not ["ready", var https, var h2c, var tls])
            {
                throw new InvalidOperationException($"the floor server did not start: {await server.StandardError.ReadToEndAsync()}");
            }

            var roots = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(certificate.RawData));
            using var secure = new HttpMessageInvoker(Http2TunnelTransport.CreateHandler(roots, TimeSpan.FromSeconds(10)));
            using var plain = new HttpMessageInvoker(Http2TunnelTransport.CreateHandler(null, TimeSpan.FromSeconds(10)));
            var tlsPort = int.Parse(tls, CultureInfo.InvariantCulture);

            Console.WriteLine($"# Tunnel transport floor: {bytes / (1024 * 1024)} MiB per transfer, median of {rounds}, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| transport | direction | MiB/s | client CPU ms | server CPU ms | both, ms per 100 MiB |");
            Console.WriteLine("|---|---|--:|--:|--:|--:|");
            var rows = new (string Key, string Transport, string Direction, Func<Task> Transfer)[]
            {
                ("h2-tls-up", "HTTP/2 + TLS (SocketsHttpHandler → Kestrel)", "client → server (share → relay: download)", () => PostAsync(secure, $"https://127.0.0.1:{https}/sink", bytes)),
                ("h2-tls-down", "HTTP/2 + TLS (SocketsHttpHandler → Kestrel)", "server → client (relay → share: upload)", () => FetchAsync(secure, $"https://127.0.0.1:{https}/source?bytes={bytes}", bytes)),
                ("h2c-up", "HTTP/2, no TLS (h2c)", "client → server", () => PostAsync(plain, $"http://127.0.0.1:{h2c}/sink", bytes)),
                ("h2c-down", "HTTP/2, no TLS (h2c)", "server → client", () => FetchAsync(plain, $"http://127.0.0.1:{h2c}/source?bytes={bytes}", bytes)),
                ("tls-up", "TLS only (SslStream → SslStream)", "client → server", () => TlsAsync(tlsPort, roots, bytes, send: true)),
                ("tls-down", "TLS only (SslStream → SslStream)", "server → client", () => TlsAsync(tlsPort, roots, bytes, send: false)),
            };
            var table = new List<string>();
            foreach (var (key, transport, direction, transfer) in rows.Where(r => only is null || r.Key.StartsWith(only, StringComparison.Ordinal)))
            {
                // Warm-up: connection set-up, window growth, and tiered JIT, which is still recompiling hot methods
                // seconds after start (perf showed libclrjit at 18 % of the server with a single warm-up transfer).
                var warming = Stopwatch.StartNew();
                do
                {
                    await transfer();
                }
                while (warming.Elapsed < WarmUp);

                var samples = new List<Sample>();
                for (var round = 0; round < rounds; round++)
                {
                    samples.Add(await MeasureAsync(transfer, server));
                }

                var per100 = 100.0 * 1024 * 1024 / bytes;
                var seconds = Median(samples.Select(s => s.Seconds));
                var client = Median(samples.Select(s => s.ClientCpu)) * per100;
                var serverCpu = Median(samples.Select(s => s.ServerCpu)) * per100;
                var both = Median(samples.Select(s => s.ClientCpu + s.ServerCpu)) * per100;
                var rate = bytes / 1048576.0 / seconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {transport} | {direction} | {rate:F0} | {client * 1000:F0} | {serverCpu * 1000:F0} | {both * 1000:F0} |"));
                table.Add(string.Create(CultureInfo.InvariantCulture, $"{key}\t{rate:F1}\t{client * 1000:F0}\t{serverCpu * 1000:F0}\t{both * 1000:F0}"));
            }

            if (tsv is not null)
            {
                await File.WriteAllLinesAsync(tsv, table);
            }
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(5000))
            {
                server.Kill();
            }

            File.Delete(pfx);
        }
    }

    private static Process StartServer(string pfx)
    {
        // The same program, run the way this one was (its own executable, or `dotnet Porch.Bench.Floor.dll`).
        var viaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
        string[] arguments = viaDotnet ? [typeof(FloorServer).Assembly.Location, "server", pfx] : ["server", pfx];
        var start = new ProcessStartInfo(Environment.ProcessPath!, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the floor server");
    }

    private static async Task<Sample> MeasureAsync(Func<Task> transfer, Process server)
    {
        var self = Process.GetCurrentProcess();
        var client0 = self.TotalProcessorTime;
        var server0 = ServerCpu(server);
        var clock = Stopwatch.StartNew();
        await transfer();
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        return new Sample(seconds, (self.TotalProcessorTime - client0).TotalSeconds, (ServerCpu(server) - server0).TotalSeconds);
    }

    /// <summary>utime + stime of the server from /proc (proc(5), fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static TimeSpan ServerCpu(Process server)
    {
        var stat = File.ReadAllText($"/proc/{server.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static HttpRequestMessage Request(string url, HttpContent? content) => new(HttpMethod.Post, url)
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = content,
    };

    private static async Task PostAsync(HttpMessageInvoker invoker, string url, long bytes)
    {
        using var response = await invoker.SendAsync(Request(url, new SourceContent(bytes)), CancellationToken.None);
        var counted = long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture);
        if (counted != bytes)
        {
            throw new InvalidOperationException($"the server read {counted} bytes, not {bytes}");
        }
    }

    private static async Task FetchAsync(HttpMessageInvoker invoker, string url, long bytes)
    {
        using var response = await invoker.SendAsync(Request(url, null), CancellationToken.None);
        await using var body = await response.Content.ReadAsStreamAsync();
        await DrainAsync(body, bytes);
    }

    private static async Task TlsAsync(int port, X509Certificate2Collection roots, long bytes, bool send)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && roots[0].RawData.AsSpan().SequenceEqual(certificate.GetRawCertData()),
        });
        var header = new byte[9];
        if (send)
        {
            header[0] = (byte)'S';
            await tls.WriteAsync(header.AsMemory(0, 1));
            for (var remaining = bytes; remaining > 0; remaining -= Floor.ChunkSize)
            {
                await tls.WriteAsync(Floor.Chunk.AsMemory(0, (int)Math.Min(remaining, Floor.ChunkSize)));
            }

            await tls.ShutdownAsync();
            await tls.ReadExactlyAsync(header.AsMemory(0, 8));
            if (BinaryPrimitives.ReadInt64BigEndian(header) != bytes)
            {
                throw new InvalidOperationException("the TLS sink counted a different number of bytes");
            }
        }
        else
        {
            header[0] = (byte)'F';
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(1), bytes);
            await tls.WriteAsync(header);
            await DrainAsync(tls, bytes);
        }
    }

    private static async Task DrainAsync(Stream stream, long bytes)
    {
        var buffer = new byte[Floor.ChunkSize];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        if (total != bytes)
        {
            throw new InvalidOperationException($"read {total} bytes, not {bytes}");
        }
    }

    /// <summary>A request body of <c>bytes</c> bytes written in 64 KiB writes, flushed once at the end (the cheapest way).</summary>
    private sealed class SourceContent(long bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var remaining = bytes; remaining > 0; remaining -= Floor.ChunkSize)
            {
                await stream.WriteAsync(Floor.Chunk.AsMemory(0, (int)Math.Min(remaining, Floor.ChunkSize)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
