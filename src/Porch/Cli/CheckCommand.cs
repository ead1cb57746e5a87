using System.CommandLine;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tls;

namespace Porch.Cli;

/// <summary>`porch check`: validates a config file without starting anything. Exit 0 when valid, 2 with every error.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = ConfigFileOption.Create();
        var command = new Command("check", "Validate a configuration file without starting; lists every error") { file };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!.FullName;
            var (config, errors) = ConfigReader.ReadFile(path);
            if (config is not null)
            {
                (_, errors) = ConfigCompiler.Compile(config, Path.GetDirectoryName(path)!, ValidatingHandlerFactory.Instance,
                    new ValidatingCertificateSourceFactory(GlobalOptions.ResolveState(result)));
            }

            if (errors.Count > 0)
            {
                new PorchRunner(stdout, stderr).PrintErrors(path, errors);
                return PorchRunner.ExitInvalidConfig;
            }

            stdout.WriteLine($"{path}: valid, {config!.Sites.Count} site(s)");
            return PorchRunner.ExitOk;
        });
        return command;
    }
}
