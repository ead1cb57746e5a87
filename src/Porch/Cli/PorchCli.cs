using System.CommandLine;

namespace Porch.Cli;

/// <summary>The command tree. Verbs only parse and hand over; the work lives in the feature folders.</summary>
internal static class PorchCli
{
    public static RootCommand Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Porch turns this computer into a safe public server: static files, reverse proxy, HTTPS, tunnels.")
        {
            GlobalOptions.State,
            ServeCommand.Create(stdout, stderr),
            ProxyCommand.Create(stdout, stderr),
            ShareCommand.Create(stdout, stderr),
            RelayCommand.Create(stdout, stderr),
            RunCommand.Create(stdout, stderr),
            CheckCommand.Create(stdout, stderr),
            PasswdCommand.Create(stdout, stderr),
            CoffeeCommand.Create(stderr),
            CaCommand.Create(stdout, stderr),
            CertCommand.Create(stdout, stderr),
        };
        return root;
    }
}
