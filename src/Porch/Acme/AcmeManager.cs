using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Porch.Acme;

/// <summary>
/// Keeps every ACME certificate of the running server valid:
/// <list type="number">
/// <item>at start, each certificate is loaded from the state folder and served at once when there is one;</item>
/// <item>it is (re)issued when missing, or when due: inside the CA's renewal window (RFC 9773) when the CA offers
/// one, else when a third of its lifetime remains; checked at start and at least every 12 h;</item>
/// <item>a failure keeps the old certificate serving, logs the CA's problem and retries with exponential backoff
/// and jitter; from 7 days before expiry it also logs an error line every day;</item>
/// <item>a renewed certificate is swapped in live (<see cref="ManagedCertificate.Swap"/>).</item>
/// </list>
/// </summary>
internal sealed partial class AcmeManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ManagedCertificate> certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly string stateDirectory;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly HttpClient http;
    private readonly AcmeStorage storage;
    private readonly IDnsChallengeProvider? dns;
    private readonly AcmeSettings settings;
    private readonly SemaphoreSlim issuing = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private AcmeClient? client;
    private Task? loop;
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// <paramref name="responses"/> may be null and set later through <see cref="Responses"/>, when the server that
    /// answers challenges starts after the configuration is compiled; <paramref name="time"/> decides renewals.
    /// </summary>
    public AcmeManager(
        AcmeSettings settings, string stateDirectory, AcmeChallengeResponses? responses, IDnsChallengeProvider? dns, TimeProvider time, ILogger logger)
    {
        this.settings = settings;
        this.stateDirectory = stateDirectory;
        this.time = time;
        this.logger = logger;
        this.dns = dns;
        Responses = responses;
        http = AcmeHttp.Create(settings.CaTrust);
        storage = new AcmeStorage(stateDirectory, settings.Directory);
    }

    /// <summary>The running server's challenge answers (PorchServer.Challenges); needed before the first order.</summary>
    public AcmeChallengeResponses? Responses { get; set; }

    /// <summary>How long one order may take before it counts as a failed attempt.</summary>
    public TimeSpan OrderTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public IReadOnlyCollection<ManagedCertificate> Certificates => [.. certificates.Values];

    /// <summary>
    /// The certificate for these names, created on first request and shared by every site that asks for the same
    /// first name; served from the state folder at once when a certificate is stored there.
    /// </summary>
    public ManagedCertificate Manage(IReadOnlyList<string> names)
    {
        ArgumentOutOfRangeException.ThrowIfZero(names.Count);
        var managed = certificates.GetOrAdd(names[0], _ => new ManagedCertificate(names[0], names));
        if (managed.Current is null && AcmeStorage.LoadCertificate(stateDirectory, managed.Name, out _) is { } stored)
        {
            managed.Swap(stored);
        }

        Wake();
        return managed;
    }

    /// <summary>
    /// Whether orders can be validated by DNS-01 (<c>acme.dns</c> is set and dns-01 is among the challenges), which
    /// wildcard names require: HTTP-01 and TLS-ALPN-01 reach one host and "*" names none, so CAs (Let's Encrypt, pebble)
    /// validate a wildcard's base name (RFC 8555 §7.1.3) through DNS only.
    /// </summary>
    public bool SolvesDns01 => dns is not null && settings.Challenges.Contains(AcmeChallenge.Dns01, StringComparer.Ordinal);

    /// <summary>
    /// Stops renewing <paramref name="managed"/> (the relay's certificate for a tunnel that went offline): the renewal
    /// loop only visits managed certificates. The files stay in the state folder, so <see cref="Manage"/> serves them
    /// again at once if the name comes back. An order already running for it finishes and is stored.
    /// </summary>
    public bool Release(ManagedCertificate managed) =>
        certificates.TryRemove(new KeyValuePair<string, ManagedCertificate>(managed.Name, managed));

    /// <summary>Starts the renewal loop (the first check runs at once).</summary>
    public void Start() => loop ??= Task.Run(() => RunAsync(stopping.Token));

    /// <summary>
    /// Renews one certificate now (<paramref name="force"/>) or only when due, and returns it. On failure the old
    /// certificate keeps serving and the <see cref="AcmeException"/> says why.
    /// </summary>
    public async Task<StoredCertificate?> RenewAsync(ManagedCertificate managed, bool force, CancellationToken cancellationToken)
    {
        await issuing.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var current = managed.Current;
            if (!force && current is not null && now < await DueAtAsync(current, cancellationToken))
            {
                return current;
            }

            var renewed = await Issuer().IssueAsync(managed.Name, managed.Names, current?.RenewalCertId, cancellationToken);
            managed.Swap(renewed);
            LogSwapped(logger, managed.Name, renewed.NotAfter);
            return renewed;
        }
        finally
        {
            issuing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        stopping.Dispose();
        issuing.Dispose();
        http.Dispose();
    }

    private AcmeIssuer Issuer()
    {
        var responses = Responses ?? throw new InvalidOperationException("AcmeManager.Responses must be set before certificates are ordered.");
        IReadOnlyList<IChallengeSolver> solvers = [.. settings.Challenges.Select<string, IChallengeSolver?>(type => type switch
        {
            AcmeChallenge.Http01 => new Http01Solver(responses),
            // Challenge certificates and order polling follow the real clock: the CA checks them in real time.
            AcmeChallenge.TlsAlpn01 => new TlsAlpn01Solver(responses, TimeProvider.System),
            AcmeChallenge.Dns01 when dns is not null => new Dns01Solver(dns),
            _ => null,
        }).OfType<IChallengeSolver>()];
        client ??= new AcmeClient(http, settings.Directory, storage.LoadOrCreateAccountKey());
        return new AcmeIssuer(client, storage, stateDirectory, solvers, TimeProvider.System, logger) { Email = settings.Email, OrderTimeout = OrderTimeout };
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var signal = Volatile.Read(ref wake);
            var now = time.GetUtcNow();
            foreach (var managed in certificates.Values.Where(m => now >= m.Renewal.NextAttempt))
            {
                await CheckAsync(managed, cancellationToken);
            }

            now = time.GetUtcNow();
            var next = certificates.Values.Select(m => m.Renewal.NextAttempt).Append(now + RenewalPolicy.CheckInterval).Min();
            if (next > now)
            {
                // The nap is cancelled when a new certificate wakes the loop early, so no timer is left behind.
                using var nap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(signal.Task, Task.Delay(next - now, time, nap.Token));
                await nap.CancelAsync();
            }
        }
    }

    private async Task CheckAsync(ManagedCertificate managed, CancellationToken cancellationToken)
    {
        var state = managed.Renewal;
        // A certificate renewed by `porch cert renew` meanwhile is picked up from the state folder.
        if (AcmeStorage.LoadCertificate(stateDirectory, managed.Name, out _) is { } onDisk
            && (managed.Current is null || onDisk.NotAfter > managed.Current.NotAfter))
        {
            managed.Swap(onDisk);
        }

        try
        {
            var renewed = await RenewAsync(managed, force: false, cancellationToken);
            var now = time.GetUtcNow();
            state.Failures = 0;
            state.LastError = null;
            var due = renewed is null ? now + RenewalPolicy.CheckInterval : await DueAtAsync(renewed, cancellationToken);
            state.NextAttempt = due < now + RenewalPolicy.CheckInterval ? due : now + RenewalPolicy.CheckInterval;
        }
        catch (Exception e) when (e is AcmeException or DnsChallengeException)
        {
            var now = time.GetUtcNow();
            state.Failures++;
            state.LastError = e.Message;
            var wait = RenewalPolicy.Backoff(state.Failures, Random.Shared.NextDouble(), (e as AcmeException)?.RetryAfter);
            state.NextAttempt = now + wait;
            var current = managed.Current;
            if (current is not null && current.NotAfter - now <= RenewalPolicy.UrgentBeforeExpiry
                && (state.LastUrgentLog is null || now - state.LastUrgentLog >= TimeSpan.FromDays(1)))
            {
                state.LastUrgentLog = now;
                LogExpiring(logger, managed.Name, Math.Max(0, (int)(current.NotAfter - now).TotalDays), e.Message);
            }
            else
            {
                LogRenewalFailed(logger, managed.Name, e.Message, wait);
            }
        }
    }

    private async Task<DateTimeOffset> DueAtAsync(StoredCertificate certificate, CancellationToken cancellationToken)
    {
        RenewalWindow? window = null;
        if (certificate.RenewalCertId is { } id)
        {
            try
            {
                client ??= new AcmeClient(http, settings.Directory, storage.LoadOrCreateAccountKey());
                window = await client.RenewalInfoAsync(id, cancellationToken);
            }
            catch (AcmeException e)
            {
                // ARI is advice (RFC 9773 §4.3): without it the lifetime rule decides.
                LogRenewalInfoFailed(logger, certificate.Name, e.Message);
            }
        }

        return RenewalPolicy.DueAt(certificate.NotBefore, certificate.NotAfter, window, Random.Shared.NextDouble());
    }

    private void Wake() => Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Now serving the renewed certificate for {Name} (valid until {NotAfter:u})")]
    private static partial void LogSwapped(ILogger logger, string name, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Renewing the certificate for {Name} failed, the current one keeps serving; next try in {Wait}: {Error}")]
    private static partial void LogRenewalFailed(ILogger logger, string name, string error, TimeSpan wait);

    [LoggerMessage(EventId = 212, Level = LogLevel.Error, Message = "The certificate for {Name} expires in {Days} day(s) and renewing it keeps failing: {Error}")]
    private static partial void LogExpiring(ILogger logger, string name, int days, string error);

    [LoggerMessage(EventId = 213, Level = LogLevel.Debug, Message = "No renewal information for {Name}: {Error}")]
    private static partial void LogRenewalInfoFailed(ILogger logger, string name, string error);
}
