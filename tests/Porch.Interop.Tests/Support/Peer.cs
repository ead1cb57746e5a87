namespace Porch.Tests.Support;

/// <summary>Finds the programs of real peers (Debian packages) and says which package to install when one is missing.</summary>
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
}
