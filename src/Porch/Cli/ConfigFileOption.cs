using System.CommandLine;

namespace Porch.Cli;

/// <summary>--config FILE, default ./porch.json, shared by run and check.</summary>
internal static class ConfigFileOption
{
    public const string DefaultFile = "porch.json";

    public static Option<FileInfo> Create() => new("--config", "-c")
    {
        Description = "Configuration file (JSON; comments and trailing commas allowed)",
        DefaultValueFactory = _ => new FileInfo(DefaultFile),
    };
}
