using System.CommandLine;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Cli;

/// <summary>`porch proxy TARGET`: reverse proxy to a local app, the same path as a one-site, one-route config file.</summary>
internal static class ProxyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, PasswordInput? input = null)
    {
        var target = new Argument<string>("TARGET")
        {
            Description = "The app to proxy to: a port (8000), host:port (127.0.0.1:8000) or a URL (http://127.0.0.1:8000)",
        };
        var listen = new ListenOptions();
        var clientAddress = new ClientAddressOptions();
        var access = new AccessOptions();
        var command = new Command("proxy", "Reverse proxy to a local app (HTTP/1.1, HTTP/2, WebSockets)") { target };
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
                        Name = "proxy",
                        Listen = [clientAddress.Listen(listen.ListenFor(result), result)],
                        Hosts = listen.HostsFor(result),
                        HttpListen = listen.HttpListenFor(result),
                        Tls = listen.TlsFor(result),
                        Access = accessConfig,
                        Routes = [new RouteConfig { Path = "/", Upstream = result.GetValue(target) }],
                    },
                ],
            };
            return new PorchRunner(stdout, stderr) { StateDirectory = GlobalOptions.ResolveState(result) }.RunAsync(config, Environment.CurrentDirectory, null, cancellationToken);
        });
        return command;
    }
}
