using System.Diagnostics;
using Porch.Storage;

namespace Porch.Tls;

/// <summary>
/// The operating system's list of trusted roots, Debian style: a PEM file in /usr/local/share/ca-certificates, then
/// update-ca-certificates to rebuild /etc/ssl/certs (what curl, wget, OpenSSL and .NET programs read).
/// </summary>
internal sealed class SystemTrustStore(string folder, string updateCommand)
{
    public const string FileName = "porch-root.crt";

    public static readonly SystemTrustStore Debian = new("/usr/local/share/ca-certificates", "update-ca-certificates");

    public string Target => Path.Combine(folder, FileName);

    /// <summary>The exact commands a person with sudo runs to do what <see cref="Install"/> does.</summary>
    public string[] ManualSteps(string certificatePath) =>
        [$"sudo install -m 644 {certificatePath} {Target}", $"sudo {updateCommand}"];

    /// <summary>Writes the root and runs the update command; the error says what failed, null when done.</summary>
    public string? Install(string rootPem)
    {
        if (!Directory.Exists(folder))
        {
            return $"{folder} does not exist: this system does not keep trusted roots the Debian way (package ca-certificates)";
        }

        AtomicFile.WriteText(Target, rootPem, AtomicFile.Public);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(updateCommand)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{updateCommand} failed (exit {process.ExitCode}): {errors.Trim()} {output.Result.Trim()}".Trim();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run {updateCommand} ({e.Message}); install the ca-certificates package";
        }
    }
}
