using System.CommandLine;
using Porch.Cli;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Acme;

[Collection("pebble")]
public class CertCommandTests
{
    [SkippableFact]
    public async Task CertRenew_ThenList_IssuedByPebbleAndListedWithDaysLeft()
    {
        var httpPort = FreePort.Allocate();
        await using var pebble = await Pebble.StartAsync(httpPort, FreePort.Allocate(), new Pebble.Options { CertificateValidity = TimeSpan.FromDays(90) });
        using var state = new TempDirectory();
        string[] acme = ["--acme-ca", pebble.DirectoryUrl.ToString(), "--acme-ca-trust", pebble.TrustPem, "--http-port", httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];

        var (code, output, errors) = await InvokeAsync(["--state", state.Path, "cert", "renew", "cli.example.com", "--domain", "cli.example.com", "www.cli.example.com", .. acme]);
        Assert.True(code == 0, errors);
        Assert.StartsWith("Renewed cli.example.com (cli.example.com, www.cli.example.com): valid until ", output, StringComparison.Ordinal);

        // Not due: a second renew without --force leaves it; with --force renews from the stored names.
        (code, output, _) = await InvokeAsync(["--state", state.Path, "cert", "renew", "cli.example.com", .. acme]);
        Assert.Equal(0, code);
        Assert.StartsWith("cli.example.com is not due for renewal", output, StringComparison.Ordinal);
        (code, output, errors) = await InvokeAsync(["--state", state.Path, "cert", "renew", "cli.example.com", "--force", .. acme]);
        Assert.True(code == 0, errors);
        Assert.StartsWith("Renewed cli.example.com (cli.example.com, www.cli.example.com)", output, StringComparison.Ordinal);

        (code, output, _) = await InvokeAsync("--state", state.Path, "cert", "list");
        Assert.Equal(0, code);
        var line = output.Split('\n').Single(l => l.StartsWith("cli.example.com ", StringComparison.Ordinal));
        Assert.Contains("cli.example.com,www.cli.example.com", line, StringComparison.Ordinal);
        Assert.Contains("Pebble Intermediate CA", line, StringComparison.Ordinal);
        Assert.Matches(@"\s(89|90)\s*$", line);
    }

    [SkippableFact]
    public async Task CertRenew_CaUnreachable_OneErrorLineAndExitCode1()
    {
        using var state = new TempDirectory();
        var (code, _, errors) = await InvokeAsync(
            "--state", state.Path, "cert", "renew", "down.example.com", "--acme-ca", $"https://127.0.0.1:{FreePort.Allocate()}/dir", "--http-port", FreePort.Allocate().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, code);
        Assert.StartsWith("porch: Reading the ACME directory failed: cannot reach the ACME server at https://127.0.0.1:", errors, StringComparison.Ordinal);
        Assert.Single(errors.Trim().Split('\n'));
    }

    private static async Task<(int Code, string Output, string Errors)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await PorchCli.Create(output, errors).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
        return (code, output.ToString(), errors.ToString());
    }
}
