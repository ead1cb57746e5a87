using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using Porch.Configuration;
using Porch.Forwarding;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding;

public class ForwarderErrorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task BackendDown_Request_Answers502PageNamingTheAppAndLogsWhy()
    {
        var port = ClosedPort();
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(Config(new RouteConfig { Upstream = $"127.0.0.1:{port}" }), loggerFactory: loggerFactory);
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/dashboard");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains($"The app at http://127.0.0.1:{port} is not answering (connection refused).", page, StringComparison.Ordinal);
        var line = Assert.Single(logs.Entries, l => l.EventId == 100);
        Assert.Contains("connection refused", line.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ForwarderError.UpstreamRefused), line.Message, StringComparison.Ordinal);
        Assert.Contains("GET /dashboard", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsUpstreamSpeakingPlainHttp_Answers502TlsFailure()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream("https") });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains($"The app at https://127.0.0.1:{backend.Port} is not answering (TLS handshake failed).",
            await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsUpstream_TlsServerName_IsTheUpstreamsNotTheClientsHost()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var serverName = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = new RawBackend(async stream =>
        {
            using var tls = new SslStream(stream);
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateSelectionCallback = (_, name) =>
                    {
                        serverName.TrySetResult(name);
                        return certificate;
                    },
                });
            }
            catch (AuthenticationException)
            {
                // Porch rightly refuses the self-signed certificate; the server name is what this test reads.
            }
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = $"https://localhost:{backend.Port}" });
        using var client = host.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Get, "/");
        message.Headers.Host = "app.example.test";

        using var response = await client.SendAsync(message);

        Assert.Equal("localhost", await serverName.Task.WaitAsync(Patience));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task SlowBackend_NoResponseHeadersInTime_Answers504()
    {
        await using var backend = await Backend.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(
            Config(new RouteConfig { Upstream = backend.Upstream(), UpstreamTimeout = "1s" }), loggerFactory: loggerFactory);
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("did not answer in time (no response within 1s)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(logs.Entries, l => l.EventId == 100 && l.Message.Contains(nameof(ForwarderError.UpstreamResponseTimeout), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientLeaves_WhileAppThinks_UpstreamRequestIsCancelled()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backend.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => cancelled.TrySetResult());
            arrived.SetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(Config(new RouteConfig { Upstream = backend.Upstream() }), loggerFactory: loggerFactory);
        using var client = host.CreateClient();
        using var leave = new CancellationTokenSource();

        var request = client.GetAsync("/long-poll", leave.Token);
        await arrived.Task.WaitAsync(Patience);
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await cancelled.Task.WaitAsync(Patience);
        var quiet = await WaitForAsync(() => logs.Entries.FirstOrDefault(l => l.Category == typeof(Forwarder).FullName));
        Assert.Equal(102, quiet.EventId);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, quiet.Level);
    }

    [Fact]
    public async Task BackendFailsMidResponse_ClientSeesTheTruncation()
    {
        await using var backend = new RawBackend(async stream =>
        {
            await RawHttp.ReadHeadAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + new string('x', 5000)));
            await stream.FlushAsync();
            await Task.Delay(200);
        });
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(Config(new RouteConfig { Upstream = backend.Upstream }), loggerFactory: loggerFactory);
        using var client = host.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetByteArrayAsync("/big"));
        Assert.Contains(logs.Entries, l => l.EventId == 101);
    }

    [Fact]
    public async Task BackendClosesWithoutAnswering_Answers502()
    {
        await using var backend = new RawBackend(async stream => await RawHttp.ReadHeadAsync(stream));
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("is not answering (connection closed before a response)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendSendsHeaderPorchCannotPassOn_Answers502()
    {
        await using var backend = new RawBackend(async stream =>
        {
            await RawHttp.ReadHeadAsync(stream);
            await stream.WriteAsync(Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Name: caf\u00e9\r\n\r\nok"));
            await RawHttp.ReadHeadAsync(stream);
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("answered in a way Porch cannot pass on", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestBodyOverTheRouteLimit_Answers413()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream(), MaxBodySize = "1KB" });
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/upload", new ByteArrayContent(new byte[64 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PlainConnect_IsRefusedAsNotAForwardProxy()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });

        var response = await RawHttpConnection.ExchangeAsync(host.Port, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");

        Assert.Equal(StatusCodes.Status405MethodNotAllowed, response.Status);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the expected log line never came");
    }

    private static PorchConfig Config(RouteConfig route) =>
        new() { Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [route] }] };

    /// <summary>A port that was just free: bound by the kernel's choice, then released, so nothing listens there.</summary>
    private static int ClosedPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
