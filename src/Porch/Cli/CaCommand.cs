using System.CommandLine;
using Porch.Tls;

namespace Porch.Cli;

/// <summary><c>porch ca export</c> and <c>porch ca trust</c>: Porch's local CA, for the people and devices that must trust it.</summary>
internal static class CaCommand
{
    public const int ExitFailed = 1;

    public static Command Create(TextWriter stdout, TextWriter stderr, SystemTrustStore? store = null)
    {
        var export = new Command("export", "Print the local CA's root certificate (PEM), to import in browsers and devices or to pass to curl --cacert");
        export.SetAction(result => WithCa(result, stderr, ca =>
        {
            stdout.Write(ca.RootPem);
            return 0;
        }));

        var trust = new Command("trust", "Add the local CA's root to this system's trusted certificates (needs root)");
        trust.SetAction(result => WithCa(result, stderr, ca => Trust(ca, store ?? SystemTrustStore.Debian, stdout, stderr)));

        return new Command("ca", "Porch's local certificate authority, used by --tls internal") { export, trust };
    }

    private static int Trust(LocalCa ca, SystemTrustStore store, TextWriter stdout, TextWriter stderr)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            stderr.WriteLine("porch ca trust: changing the system's trusted certificates needs root. Run instead:");
            foreach (var step in store.ManualSteps(ca.CertificatePath))
            {
                stderr.WriteLine($"  {step}");
            }

            stderr.WriteLine($"Firefox and Chromium keep their own list: import {ca.CertificatePath} in their certificate settings.");
            return ExitFailed;
        }

        var error = store.Install(ca.RootPem);
        if (error is not null)
        {
            stderr.WriteLine($"porch ca trust: {error}");
            return ExitFailed;
        }

        stdout.WriteLine($"Trusted: {store.Target} (curl, wget and other programs using the system list now accept Porch's certificates).");
        stdout.WriteLine($"Firefox and Chromium keep their own list: import {ca.CertificatePath} in their certificate settings.");
        return 0;
    }

    private static int WithCa(ParseResult result, TextWriter stderr, Func<LocalCa, int> action)
    {
        LocalCa ca;
        try
        {
            ca = LocalCa.LoadOrCreate(GlobalOptions.ResolveState(result), TimeProvider.System);
        }
        catch (LocalCaException e)
        {
            stderr.WriteLine($"porch ca: {e.Message}");
            return ExitFailed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"porch ca: cannot create the local CA ({e.Message.TrimEnd('.')}); choose a writable state folder with --state DIR");
            return ExitFailed;
        }

        using (ca)
        {
            return action(ca);
        }
    }
}
