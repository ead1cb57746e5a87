using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Porch.Access;
using Porch.Acme;
using Porch.Logging;
using Porch.Net;
using Porch.Tls;

namespace Porch.Hosting;

/// <summary>
/// The running server: one Kestrel instance whose listeners and request pipeline follow the current
/// <see cref="CompiledConfig"/>.
/// <list type="number">
/// <item>Kestrel binds the snapshot's listeners: HTTP/1.1, and HTTP/2 by prior knowledge on the same port through
/// <see cref="H2cHandoff"/>.</item>
/// <item>Each request is access-logged, then its site is chosen by the connection's local port and the Host header,
/// the site's access policy is applied (<see cref="AccessGate"/>), and the longest path prefix picks the route whose
/// handler answers, with the route's body-size limit applied.</item>
/// <item><see cref="Apply"/> swaps the snapshot atomically and rebinds only listeners that changed; requests already
/// in flight finish on the snapshot they started with.</item>
/// </list>
/// </summary>
internal sealed partial class PorchServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ReloadableConfigurationSource endpoints;
    private readonly KestrelServerOptions kestrelOptions;
    private readonly ILogger logger;
    private readonly TextWriter console;
    private CompiledConfig current;
    private AccessLogWriter accessLog;

    private PorchServer(
        WebApplication app, ReloadableConfigurationSource endpoints, KestrelServerOptions kestrelOptions,
        CompiledConfig config, AccessLogWriter accessLog, TextWriter console)
    {
        this.app = app;
        this.endpoints = endpoints;
        this.kestrelOptions = kestrelOptions;
        this.accessLog = accessLog;
        this.console = console;
        current = config;
        logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Porch");
    }

    public CompiledConfig Current => Volatile.Read(ref current);

    public IServiceProvider Services => app.Services;

    public TimeProvider Time { get; private init; } = TimeProvider.System;

    /// <summary>Answers to ACME validation requests in progress (HTTP-01 tokens, TLS-ALPN-01 certificates).</summary>
    public AcmeChallengeResponses Challenges { get; private init; } = new();

    /// <summary>The addresses Kestrel actually bound (ports resolved when 0 was asked for).</summary>
    public IReadOnlyList<string> BoundUrls =>
        [.. (app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<IServerAddressesFeature>()?.Addresses ?? []).Where(a => !a.EndsWith(H2cEndPoint.Name, StringComparison.Ordinal))];

    public static async Task<PorchServer> StartAsync(
        CompiledConfig config, ILoggerFactory loggerFactory, TextWriter console, TimeProvider? time, CancellationToken cancellationToken)
    {
        var endpoints = new ReloadableConfigurationSource();
        endpoints.Replace(EndpointData(config));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        // After UseKestrelCore, so Kestrel's socket transport gets this pool instead of its 4 KiB one.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(new LargeBlockMemoryPool.Factory());
        // Registered after Kestrel's socket transport: Kestrel asks the last-registered factory first whether it can
        // bind an endpoint, so this one takes the HTTP/2 hand-over endpoint and sockets take the rest.
        var h2c = new H2cHandoff(new Logger<H2cHandoff>(loggerFactory));
        builder.Services.AddSingleton<IConnectionListenerFactory>(h2c);
        builder.Configuration.Sources.Add(endpoints);
        builder.Services.AddSingleton(loggerFactory);
        PorchServer? server = null;
        builder.Services.AddSingleton(new ProxyProtocolSettings(() => (server?.Current ?? config).TrustedProxies, time ?? TimeProvider.System));
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = config.Limits.ShutdownTimeout);
        KestrelServerOptions? captured = null;
        var challenges = new AcmeChallengeResponses();
        var tls = new TlsTermination(() => server?.Current ?? config, challenges, loggerFactory);
        builder.WebHost.ConfigureKestrel(o =>
        {
            captured = o;
            o.AddServerHeader = false;
            ApplyLimits(o.Limits, config.Limits);
            // Connection middleware for every listener, in the order bytes arrive; endpoint defaults also reach
            // listeners that a reload adds, and run after the new snapshot is current.
            o.ConfigureEndpointDefaults(listen => ListenerPipeline.Configure(listen, server?.Current ?? config, h2c, tls));
            H2cHandoff.Listen(o);
            o.Configure(builder.Configuration, reloadOnChange: true);
        });

        var app = builder.Build();
        var accessLog = AccessLogWriter.Open(config.AccessLog, console, time ?? TimeProvider.System, loggerFactory.CreateLogger("Porch"));
        _ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KestrelServerOptions>>().Value;
        server = new PorchServer(app, endpoints, captured!, config, accessLog, console) { Time = time ?? TimeProvider.System, Challenges = challenges };
        app.Run(server.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Switches to a new snapshot: routes at once, listeners rebound by Kestrel, access log reopened if it changed.</summary>
    public async Task Apply(CompiledConfig next)
    {
        // The new access log is opened before anything is swapped, so a log that cannot be opened leaves the running
        // configuration whole instead of half applied.
        AccessLogWriter? oldLog = null;
        if (next.AccessLog != Current.AccessLog)
        {
            oldLog = Volatile.Read(ref accessLog);
            Volatile.Write(ref accessLog, AccessLogWriter.Open(next.AccessLog, console, Time, logger, previous: oldLog));
        }

        Volatile.Write(ref current, next);
        ApplyLimits(kestrelOptions.Limits, next.Limits);
        endpoints.Replace(EndpointData(next));
        if (oldLog is not null)
        {
            await oldLog.DisposeAsync();
        }

        LogReloaded(logger, next.Listeners.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await Volatile.Read(ref accessLog).DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        // Before anything reads it: the log, the policy and the forwarder all see the same client.
        ClientAddress.Decide(context, Current.TrustedProxies);
        return AccessLogMiddleware.InvokeAsync(context, RouteAsync, Volatile.Read(ref accessLog), Time);
    }

    private Task RouteAsync(HttpContext context)
    {
        if (MalformedRequest.Find(context) is { } problem)
        {
            return RefuseAsync(context, problem);
        }

        // ACME validation comes before site selection and the access policy: the CA's validators are remote clients
        // asking for a host name no site may list yet (RFC 8555 §8.3).
        if (Http01Responder.TryAnswer(context, Challenges) is { } challengeAnswer)
        {
            return challengeAnswer;
        }

        var config = Current;
        if (!context.Request.IsHttps && config.HttpsRedirectPorts.TryGetValue(context.Connection.LocalPort, out var httpsPort))
        {
            return RedirectToHttpsAsync(context, httpsPort);
        }

        var host = context.Request.Host.Host;
        var site = config.SelectSite(context.Connection.LocalPort, host);
        if (site is null)
        {
            return ErrorPage.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found",
                $"No site on this port answers for the host name \"{host}\".");
        }

        // Allowed requests usually pass without waiting (no password, or one remembered), so no state machine then.
        var gate = AccessGate.CheckAsync(context, site.Access, logger, Time);
        if (!gate.IsCompletedSuccessfully)
        {
            return DispatchAfterAsync(gate, context, site);
        }

        return gate.Result ? DispatchAsync(context, site) : Task.CompletedTask;
    }

    private static async Task DispatchAfterAsync(ValueTask<bool> gate, HttpContext context, CompiledSite site)
    {
        if (await gate)
        {
            await DispatchAsync(context, site);
        }
    }

    /// <summary>308 keeps the method and body (RFC 9110 §15.4.9); the host stays the one the client asked for.</summary>
    private static Task RedirectToHttpsAsync(HttpContext context, int port)
    {
        var request = context.Request;
        var host = port == 443 ? request.Host.Host : $"{request.Host.Host}:{port}";
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = $"https://{host}{request.PathBase}{request.Path}{request.QueryString}";
        return Task.CompletedTask;
    }

    private static Task DispatchAsync(HttpContext context, CompiledSite site)
    {
        if (site.Hsts && context.Request.IsHttps)
        {
            context.Response.Headers.StrictTransportSecurity = "max-age=31536000";
        }

        var route = site.Match(context.Request.Path, out var remainder);
        if (route is null)
        {
            return ErrorPage.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found", "No route matches this path.");
        }

        var bodyLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodyLimit is { IsReadOnly: false })
        {
            bodyLimit.MaxRequestBodySize = route.MaxBodySize;
        }

        // A declared length over the limit is refused before the handler runs, whether or not it reads the body
        // (RFC 9110 §15.5.14); a chunked body is stopped by Kestrel when it passes the limit while being read.
        if (context.Request.ContentLength > route.MaxBodySize)
        {
            // The refused body is not drained, so an HTTP/1.x connection ends with this answer: saying so keeps the
            // client from sending its next request on it (RFC 9112 §9.6).
            if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
            {
                context.Response.Headers.Connection = "close";
            }

            return ErrorPage.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Content Too Large",
                $"This address accepts request bodies of at most {route.MaxBodySize} bytes.");
        }

        return route.Handler.HandleAsync(context, remainder);
    }

    private Task RefuseAsync(HttpContext context, RequestProblem problem)
    {
        LogRefused(logger, context.Request.Method, problem.StatusCode, problem.Detail);
        // The client frames messages in a way Porch does not: nothing more it sends on this connection can be
        // trusted to start where Porch thinks it does (RFC 9112 §6.3, §11.2). HTTP/2 ends just the stream.
        if (!HttpProtocol.IsHttp2(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }

        return ErrorPage.WriteAsync(context, problem.StatusCode, ReasonPhrases.GetReasonPhrase(problem.StatusCode), problem.Detail);
    }

    /// <summary>
    /// Kestrel reads these per connection and per request, so updating the live options object applies a reload's
    /// limits to new requests without a restart.
    /// </summary>
    private static void ApplyLimits(KestrelServerLimits limits, ServerLimits porch)
    {
        limits.MaxRequestHeadersTotalSize = (int)porch.MaxHeaderBytes;
        limits.MaxRequestHeaderCount = porch.MaxHeaderCount;
        limits.Http2.MaxRequestHeaderFieldSize = (int)porch.MaxHeaderBytes;
        limits.Http2.MaxStreamsPerConnection = porch.MaxHttp2Streams;
        limits.RequestHeadersTimeout = porch.HeaderTimeout;
        limits.MinRequestBodyDataRate = porch.MinBodyBytesPerSecond > 0
            ? new MinDataRate(porch.MinBodyBytesPerSecond, TimeSpan.FromSeconds(5))
            : null;
        limits.MaxRequestBodySize = porch.DefaultMaxBodySize;
    }

    private static Dictionary<string, string?> EndpointData(CompiledConfig config)
    {
        var data = new Dictionary<string, string?>();
        foreach (var listener in config.Listeners)
        {
            // Named after the address and what runs below HTTP, so an unchanged listener keeps its name, and Kestrel
            // keeps it bound, on reload, while one that gains or loses TLS or PROXY is rebound with its new pipeline.
            var name = "porch_" + new string([.. listener.ToString().Select(c => char.IsLetterOrDigit(c) ? c : '_')])
                + (listener.Tls ? "_tls" : "") + (listener.ProxyProtocol ? "_proxy" : "");
            data[$"Endpoints:{name}:Url"] = listener.Address.KestrelUrl;
            // With TLS, ALPN chooses HTTP/1.1 or HTTP/2. Without it, HTTP/1.1 to Kestrel, and HTTP/2 by prior knowledge
            // is handed over by the preface middleware (H2cHandoff).
            data[$"Endpoints:{name}:Protocols"] = listener.Tls ? nameof(HttpProtocols.Http1AndHttp2) : nameof(HttpProtocols.Http1);
        }

        return data;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Configuration reloaded: {ListenerCount} listener(s)")]
    private static partial void LogReloaded(ILogger logger, int listenerCount);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Refused a malformed {Method} request with {StatusCode}: {Problem}")]
    private static partial void LogRefused(ILogger logger, string method, int statusCode, string problem);
}
