using System.CommandLine;
using Porch.Acme;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Cli;

/// <summary>`porch cert list` and `porch cert renew NAME [--force]`: the ACME certificates in the state folder.</summary>
internal static class CertCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("cert", "ACME certificates in the state folder")
    {
        List(stdout, stderr),
        Renew(stdout, stderr),
    };

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("list", "Names, issuer, expiry and days left of every stored certificate");
        command.SetAction(result =>
        {
            var state = GlobalOptions.ResolveState(result);
            var names = AcmeStorage.CertificateNames(state);
            if (names.Count == 0)
            {
                stdout.WriteLine($"No certificates in {Path.Combine(state, "certificates")}.");
                return 0;
            }

            var now = DateTimeOffset.UtcNow;
            stdout.WriteLine($"{"NAME",-30} {"NAMES",-40} {"ISSUER",-40} {"NOT AFTER",-20} DAYS LEFT");
            foreach (var name in names)
            {
                var stored = AcmeStorage.LoadCertificate(state, name, out var error);
                if (stored is null)
                {
                    stderr.WriteLine($"porch: {error}");
                    continue;
                }

                var days = (int)Math.Floor((stored.NotAfter - now).TotalDays);
                stdout.WriteLine($"{name,-30} {string.Join(",", stored.Names),-40} {stored.Leaf.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: true),-40} {stored.NotAfter:yyyy-MM-dd HH:mm}Z     {days}");
            }

            return 0;
        });
        return command;
    }

    private static Command Renew(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string>("NAME") { Description = "The certificate's name (its folder under certificates/), e.g. example.com" };
        var force = new Option<bool>("--force") { Description = "Renew now even when the certificate is not due" };
        var domains = new Option<string[]>("--domain") { Description = "Names the certificate covers (default: those of the stored certificate, else NAME)", AllowMultipleArgumentsPerToken = true };
        var httpPort = new Option<int>("--http-port") { Description = "Port to answer HTTP-01 on while renewing (the CA connects to port 80 of the name)", DefaultValueFactory = _ => 80 };
        var lan = new Option<bool>("--lan") { Description = "Answer the challenge on every interface (needed when the CA is not on this machine)" };
        var acme = new AcmeOptions();
        var command = new Command("renew", "Renew one certificate now through ACME HTTP-01 (for when `porch run` is not running)") { name, force, domains, httpPort, lan };
        acme.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var errors = new List<ConfigError>();
            var settings = AcmeSettingsCompiler.Compile(acme.AcmeFor(result), Environment.CurrentDirectory, errors);
            if (settings is null)
            {
                new PorchRunner(stdout, stderr).PrintErrors("command line", errors);
                return PorchRunner.ExitInvalidConfig;
            }

            var state = GlobalOptions.ResolveState(result);
            var certificateName = result.GetValue(name)!;
            IReadOnlyList<string> names = result.GetValue(domains) is { Length: > 0 } given
                ? given
                : AcmeStorage.LoadCertificate(state, certificateName, out _)?.Names is { Count: > 0 } stored ? stored : [certificateName];
            using var loggerFactory = PorchLogging.CreateFactory();
            ChallengeListener listener;
            try
            {
                listener = await ChallengeListener.StartAsync(result.GetValue(httpPort), result.GetValue(lan), cancellationToken);
            }
            catch (IOException e)
            {
                stderr.WriteLine($"porch: cannot answer HTTP-01 on port {result.GetValue(httpPort)} ({e.Message.TrimEnd('.')}). If `porch run` is serving it, it renews by itself; otherwise free the port or pick another with --http-port.");
                return PorchRunner.ExitStartFailed;
            }

            await using (listener)
            {
                await using var manager = new AcmeManager(settings with { Challenges = [AcmeChallenge.Http01] }, state, listener.Responses, null, TimeProvider.System, loggerFactory.CreateLogger("Porch.Acme"));
                var managed = manager.Manage([.. names]);
                try
                {
                    var before = managed.Current;
                    var renewed = await manager.RenewAsync(managed, result.GetValue(force), cancellationToken);
                    stdout.WriteLine(ReferenceEquals(renewed, before)
                        ? $"{certificateName} is not due for renewal (valid until {renewed!.NotAfter:u}); use --force to renew now."
                        : $"Renewed {certificateName} ({string.Join(", ", names)}): valid until {renewed!.NotAfter:u}.");
                    return 0;
                }
                catch (Exception e) when (e is AcmeException or DnsChallengeException)
                {
                    stderr.WriteLine("porch: " + e.Message);
                    return 1;
                }
            }
        });
        return command;
    }
}
