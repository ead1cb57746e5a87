using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Porch.Acme;

/// <summary>
/// Gets one certificate for one or several names (RFC 8555 §7.4):
/// <list type="number">
/// <item>resume the order in flight for this certificate when there is one and the CA still knows it, else create
/// an order and save its URL and a fresh certificate key before anything else;</item>
/// <item>for each pending authorization, answer the first challenge type the solvers support (in their order),
/// poll until the CA decides, and always clean up;</item>
/// <item>when the order is ready, finalize it with a CSR, poll until valid, download the chain;</item>
/// <item>store fullchain.pem + privkey.pem, then forget the order.</item>
/// </list>
/// </summary>
internal sealed partial class AcmeIssuer(
    AcmeClient client, AcmeStorage storage, string stateDirectory, IReadOnlyList<IChallengeSolver> solvers, TimeProvider time, ILogger logger)
{
    /// <summary>How long one order may take before it is given up (validation, finalization).</summary>
    public TimeSpan OrderTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public async Task<StoredCertificate> IssueAsync(string certificateName, IReadOnlyList<string> names, string? replaces, CancellationToken cancellationToken)
    {
        await client.AccountAsync(Email, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OrderTimeout);
        var (order, key) = await StartOrResumeAsync(certificateName, names, replaces, timeout.Token);
        using (key)
        {
            try
            {
                foreach (var url in order.Status == "pending" ? order.Authorizations : [])
                {
                    await AuthorizeAsync(url, timeout.Token);
                }

                order = await PollOrderAsync(order, "pending", timeout.Token);
                if (order.Status == "ready")
                {
                    order = await client.FinalizeAsync(order, CertificateSigningRequest.Create(key, names), timeout.Token);
                    order = await PollOrderAsync(order, "processing", timeout.Token);
                }

                if (order.Status != "valid" || order.Certificate is null)
                {
                    storage.DeleteOrder(certificateName);
                    throw Failed(names, order);
                }

                var chain = await client.DownloadCertificateAsync(order.Certificate, timeout.Token);
                AcmeStorage.SaveCertificate(stateDirectory, certificateName, chain, key);
                storage.DeleteOrder(certificateName);
                var stored = AcmeStorage.LoadCertificate(stateDirectory, certificateName, out var error)
                    ?? throw new AcmeException($"The certificate for {certificateName} was issued but cannot be read back: {error}");
                LogIssued(logger, certificateName, stored.NotAfter);
                return stored;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AcmeException(
                    $"Getting a certificate for {string.Join(", ", names)} failed: the CA did not finish within {OrderTimeout.TotalMinutes:0} min. Porch retries later; check the CA's status page.");
            }
        }
    }

    public string? Email { get; init; }

    private async Task<(AcmeOrder Order, ECDsa Key)> StartOrResumeAsync(
        string certificateName, IReadOnlyList<string> names, string? replaces, CancellationToken cancellationToken)
    {
        if (storage.LoadOrder(certificateName) is { } saved)
        {
            if (saved.Names.SequenceEqual(names, StringComparer.OrdinalIgnoreCase))
            {
                try
                {
                    var resumed = await client.OrderAsync(saved.Url, cancellationToken);
                    if (resumed.Status is "pending" or "ready" or "processing" or "valid")
                    {
                        LogResumed(logger, certificateName, saved.Url, resumed.Status);
                        return (resumed, saved.CertificateKey);
                    }
                }
                catch (AcmeException e) when (e.Problem is not null)
                {
                    // The CA forgot the order (expired, or another CA instance): start a new one.
                }
            }

            saved.CertificateKey.Dispose();
            storage.DeleteOrder(certificateName);
        }

        var order = await client.NewOrderAsync(names, replaces, cancellationToken);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        storage.SaveOrder(certificateName, new OrderInFlight(order.Url, names, key));
        return (order, key);
    }

    private async Task AuthorizeAsync(Uri url, CancellationToken cancellationToken)
    {
        var authorization = await client.AuthorizationAsync(url, cancellationToken);
        if (authorization.Status != "pending")
        {
            return;
        }

        var (solver, challenge) = solvers
            .Select(s => (Solver: s, Challenge: authorization.Challenges.FirstOrDefault(c => c.Type == s.Type)))
            .FirstOrDefault(p => p.Challenge is not null);
        if (solver is null || challenge?.Token is null)
        {
            throw new AcmeException(
                $"Validating {authorization.Identifier} failed: the CA offers {string.Join(", ", authorization.Challenges.Select(c => c.Type))}, and Porch is set up for {string.Join(", ", solvers.Select(s => s.Type))}. Choose a challenge the CA offers (acme.challenge).");
        }

        var name = authorization.Wildcard ? "*." + authorization.Identifier : authorization.Identifier;
        var keyAuthorization = client.KeyAuthorization(challenge.Token);
        await solver.PresentAsync(name, challenge.Token, keyAuthorization, cancellationToken);
        try
        {
            await client.AnswerChallengeAsync(challenge, name, cancellationToken);
            while (true)
            {
                await Task.Delay(PollInterval(null), time, cancellationToken);
                authorization = await client.AuthorizationAsync(url, cancellationToken);
                if (authorization.Status == "valid")
                {
                    return;
                }

                if (authorization.Status != "pending")
                {
                    var problem = authorization.Error;
                    throw problem is null
                        ? new AcmeException($"Validating {name} with {solver.Type} failed: the authorization is {authorization.Status}. Check that the CA can reach this machine for {name}.")
                        : AcmeFailure.Problem($"Validating {name} with {solver.Type}", problem, null);
                }
            }
        }
        finally
        {
            await solver.CleanupAsync(name, challenge.Token, keyAuthorization, CancellationToken.None);
        }
    }

    private async Task<AcmeOrder> PollOrderAsync(AcmeOrder order, string whileStatus, CancellationToken cancellationToken)
    {
        while (order.Status == whileStatus)
        {
            await Task.Delay(PollInterval(null), time, cancellationToken);
            order = await client.OrderAsync(order.Url, cancellationToken);
        }

        return order;
    }

    private static TimeSpan PollInterval(TimeSpan? retryAfter) =>
        retryAfter is { } asked ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(10).Ticks)) : TimeSpan.FromMilliseconds(500);

    private static AcmeException Failed(IReadOnlyList<string> names, AcmeOrder order)
    {
        var what = $"Getting a certificate for {string.Join(", ", names)}";
        return order.Error is { } problem
            ? AcmeFailure.Problem(what, problem, null)
            : new AcmeException($"{what} failed: the order ended {order.Status}. Porch retries later with a new order.");
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Certificate for {Name} issued, valid until {NotAfter:u}")]
    private static partial void LogIssued(ILogger logger, string name, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Resuming the order for {Name} at {Order} ({Status})")]
    private static partial void LogResumed(ILogger logger, string name, Uri order, string status);
}
