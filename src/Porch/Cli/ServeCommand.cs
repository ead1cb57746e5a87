using System.CommandLine;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Cli;

/// <summary>`porch serve [DIR]`: static files, the same path as a one-site, one-route config file.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, PasswordInput? input = null)
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
        var access = new AccessOptions();
        var command = new Command("serve", "Serve the files of a folder over HTTP") { directory, browse };
        listen.AddTo(command);
        clientAddress.AddTo(command);
        access.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var accessConfig = access.Build(result, input ?? PasswordInput.FromConsole(stderr));
            if (accessConfig is null)
            {
                return Task.FromResult(PorchRunner.ExitInvalidConfig);
            }

            var config = new PorchConfig
            {
                TrustedProxies = clientAddress.TrustedProxies(result),
                Acme = listen.Acme.AcmeFor(result),
                Sites =
                [
                    new SiteConfig
                    {
                        Name = "serve",
                        Listen = [clientAddress.Listen(listen.ListenFor(result), result)],
                        Hosts = listen.HostsFor(result),
                        HttpListen = listen.HttpListenFor(result),
                        Tls = listen.TlsFor(result),
                        Access = accessConfig,
                        Routes = [new RouteConfig { Path = "/", Root = result.GetValue(directory)!.FullName, Browse = result.GetValue(browse) }],
                    },
                ],
            };
            return new PorchRunner(stdout, stderr) { StateDirectory = GlobalOptions.ResolveState(result) }.RunAsync(config, Environment.CurrentDirectory, null, cancellationToken);
        });
        return command;
    }
}
