using System.CommandLine;
using Porch.Configuration;

namespace Porch.Cli;

/// <summary>--port and --lan, shared by the one-line verbs (serve, proxy).</summary>
internal sealed class ListenOptions
{
    public const int DefaultPort = 8080;

    public Option<int> Port { get; } = new("--port", "-p")
    {
        Description = "Port to listen on",
        DefaultValueFactory = _ => DefaultPort,
    };

    public Option<bool> Lan { get; } = new("--lan")
    {
        Description = "Listen on every interface (IPv4 and IPv6) so your network can connect; default is this machine only",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Port);
        command.Options.Add(Lan);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Port) is < 0 or > 65535)
            {
                result.AddError($"--port {result.GetValue(Port)} is not a port; use a number from 1 to 65535");
            }
        });
    }

    public string ListenFor(ParseResult result)
    {
        var port = result.GetValue(Port);
        return result.GetValue(Lan) ? ListenAddress.AnyInterface(port).ToString() : ListenAddress.Loopback(port).ToString();
    }
}
