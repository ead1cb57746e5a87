using System.CommandLine;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Cli;

/// <summary>`porch serve [DIR]`: static files, the same path as a one-site, one-route config file.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var directory = new Argument<DirectoryInfo>("DIR")
        {
            Description = "Folder to serve",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var browse = new Option<bool>("--browse") { Description = "List the files of folders that have no index.html" };
        var listen = new ListenOptions();
        var clientAddress = new ClientAddressOptions();
        var command = new Command("serve", "Serve the files of a folder over HTTP") { directory, browse };
        listen.AddTo(command);
        clientAddress.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var config = new PorchConfig
            {
                TrustedProxies = clientAddress.TrustedProxies(result),
                Sites =
                [
                    new SiteConfig
                    {
                        Name = "serve",
                        Listen = [clientAddress.Listen(listen.ListenFor(result), result)],
                        Routes = [new RouteConfig { Path = "/", Root = result.GetValue(directory)!.FullName, Browse = result.GetValue(browse) }],
                    },
                ],
            };
            return new PorchRunner(stdout, stderr).RunAsync(config, Environment.CurrentDirectory, null, cancellationToken);
        });
        return command;
    }
}
