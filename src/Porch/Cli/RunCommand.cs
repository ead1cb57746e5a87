using System.CommandLine;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Cli;

/// <summary>`porch run`: every site of a config file, reloaded when the file changes or on SIGHUP.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = ConfigFileOption.Create();
        var command = new Command("run", "Run the sites of a configuration file; edits are applied live") { file };
        command.SetAction((result, cancellationToken) =>
        {
            var path = result.GetValue(file)!.FullName;
            var runner = new PorchRunner(stdout, stderr) { StateDirectory = GlobalOptions.ResolveState(result) };
            var (config, errors) = ConfigReader.ReadFile(path);
            if (config is null)
            {
                runner.PrintErrors(path, errors);
                return Task.FromResult(PorchRunner.ExitInvalidConfig);
            }

            return runner.RunAsync(config, Path.GetDirectoryName(path)!, path, cancellationToken);
        });
        return command;
    }
}
