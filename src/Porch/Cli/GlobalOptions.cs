using System.CommandLine;

namespace Porch.Cli;

/// <summary>Options every verb understands.</summary>
internal static class GlobalOptions
{
    public static readonly Option<DirectoryInfo?> State = new("--state")
    {
        Description = "State folder (certificates, keys, tokens). Default: $XDG_DATA_HOME/porch, or ~/.local/share/porch",
        Recursive = true,
    };

    /// <summary>The state folder: --state, else $XDG_DATA_HOME/porch, else ~/.local/share/porch (XDG Base Directory spec).</summary>
    public static string ResolveState(ParseResult result)
    {
        if (result.GetValue(State) is { } explicitDir)
        {
            return explicitDir.FullName;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var data = string.IsNullOrEmpty(xdg) || !Path.IsPathRooted(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(data, "porch");
    }
}
