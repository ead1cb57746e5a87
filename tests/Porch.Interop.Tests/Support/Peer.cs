using System.Diagnostics;

namespace Porch.Tests.Support;

/// <summary>
/// Finds and runs the programs of real peers (Debian packages), and says which package to install when one is missing.
/// </summary>
internal static class Peer
{
    public static string? Find(string program, params string[] extraFolders)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(extraFolders).Concat(["/usr/sbin", "/sbin"]);
        return folders.Select(f => Path.Combine(f, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>Skips the running test, naming the Debian package, when <paramref name="program"/> is not installed.</summary>
    public static string Require(string program, string package)
    {
        var path = Find(program);
        Skip.If(path is null, $"{program} is not installed (Debian package '{package}'; scripts/test.sh installs it)");
        return path!;
    }

    /// <summary>The repository's root, found by walking up from the test binaries to Porch.slnx.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Porch.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Porch.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <paramref name="file"/> to its end; past <paramref name="timeout"/> it is killed and this throws.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Stops a peer the test started: kills it and its children if it still runs, waits for that, releases it.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
