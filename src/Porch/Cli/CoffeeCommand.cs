using System.CommandLine;
using Porch.Coffee;
using Porch.Coffee.Web;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tls;

namespace Porch.Cli;

/// <summary>
/// <c>porch coffee</c>: an HTCPCP coffee pot (RFC 2324, RFC 7168) on TCP 5030 and its web front end on 5031.
/// <c>porch coffee pot</c> and <c>porch coffee web</c> start one each, so the two can run on different hosts.
/// </summary>
internal static class CoffeeCommand
{
    public static Command Create(TextWriter stderr)
    {
        var potPort = PotPort();
        var webPort = WebPort();
        var brewSeconds = BrewSeconds();
        var lan = Lan();
        var https = Https();
        var command = new Command("coffee", "An HTCPCP coffee pot (RFC 2324 + RFC 7168) and its web front end, for teaching")
        {
            potPort, webPort, brewSeconds, lan, https, CreatePot(stderr), CreateWeb(stderr),
        };
        AddPortCheck(command, potPort, webPort);
        command.SetAction((result, cancellationToken) =>
        {
            if (!TryHttps(result, https, stderr, out var certificates))
            {
                return Task.FromResult(PorchRunner.ExitStartFailed);
            }

            return new CoffeeRunner(stderr).RunAsync(new CoffeeRunSettings
            {
                Pot = Listen(result, potPort, lan),
                Web = Listen(result, webPort, lan),
                Https = certificates,
                BrewTime = TimeSpan.FromSeconds(result.GetValue(brewSeconds)),
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreatePot(TextWriter stderr)
    {
        var potPort = PotPort();
        var brewSeconds = BrewSeconds();
        var lan = Lan();
        var command = new Command("pot", "Only the HTCPCP pot, on TCP") { potPort, brewSeconds, lan };
        AddPortCheck(command, potPort);
        command.SetAction((result, cancellationToken) => new CoffeeRunner(stderr).RunAsync(new CoffeeRunSettings
        {
            Pot = Listen(result, potPort, lan),
            BrewTime = TimeSpan.FromSeconds(result.GetValue(brewSeconds)),
        }, cancellationToken));
        return command;
    }

    private static Command CreateWeb(TextWriter stderr)
    {
        var webPort = WebPort();
        var lan = Lan();
        var https = Https();
        var pot = new Option<string>("--pot")
        {
            Description = "The pot to talk to, HOST:PORT",
            DefaultValueFactory = _ => $"127.0.0.1:{CoffeeOptions.DefaultPotPort}",
        };
        var command = new Command("web", "Only the web front end; it talks HTCPCP to a pot over TCP") { webPort, pot, lan, https };
        AddPortCheck(command, webPort);
        command.Validators.Add(result =>
        {
            if (!PotAddress.TryParse(result.GetValue(pot) ?? "", out _, out var error))
            {
                result.AddError(error!);
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            if (!TryHttps(result, https, stderr, out var certificates))
            {
                return Task.FromResult(PorchRunner.ExitStartFailed);
            }

            return PotAddress.TryParse(result.GetValue(pot)!, out var address, out _)
                ? new CoffeeRunner(stderr).RunAsync(
                    new CoffeeRunSettings { Web = Listen(result, webPort, lan), RemotePot = address, Https = certificates }, cancellationToken)
                : Task.FromResult(PorchRunner.ExitInvalidConfig);
        });
        return command;
    }

    /// <summary>With --https, the local CA from the state folder (made on first use); false when it cannot be used.</summary>
    private static bool TryHttps(ParseResult result, Option<bool> https, TextWriter stderr, out InternalCertificateSource? certificates)
    {
        certificates = null;
        if (!result.GetValue(https))
        {
            return true;
        }

        try
        {
            certificates = new InternalCertificateSource(LocalCa.LoadOrCreate(GlobalOptions.ResolveState(result), TimeProvider.System), TimeProvider.System);
            return true;
        }
        catch (LocalCaException e)
        {
            stderr.WriteLine($"porch coffee: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"porch coffee: cannot create the local CA ({e.Message.TrimEnd('.')}); choose a writable state folder with --state DIR");
        }

        return false;
    }

    private static ListenAddress Listen(ParseResult result, Option<int> port, Option<bool> lan) =>
        result.GetValue(lan) ? ListenAddress.AnyInterface(result.GetValue(port)) : ListenAddress.Loopback(result.GetValue(port));

    private static void AddPortCheck(Command command, params Option<int>[] ports) => command.Validators.Add(result =>
    {
        foreach (var port in ports)
        {
            if (result.GetValue(port) is < 0 or > 65535)
            {
                result.AddError($"{port.Name} {result.GetValue(port)} is not a port; use a number from 1 to 65535");
            }
        }
    });

    private static Option<int> PotPort() => new("--pot-port")
    {
        Description = "TCP port of the HTCPCP pot",
        DefaultValueFactory = _ => CoffeeOptions.DefaultPotPort,
    };

    private static Option<int> WebPort() => new("--web-port")
    {
        Description = "Port of the web front end",
        DefaultValueFactory = _ => CoffeeOptions.DefaultWebPort,
    };

    private static Option<int> BrewSeconds()
    {
        var option = new Option<int>("--brew-seconds")
        {
            Description = "How long coffee brews (tea: this times the variety's steep factor)",
            DefaultValueFactory = _ => 30,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                result.AddError("--brew-seconds must be from 1 to 3600");
            }
        });
        return option;
    }

    private static Option<bool> Lan() => new("--lan")
    {
        Description = "Listen on every interface so your network can connect; default is this machine only",
    };

    private static Option<bool> Https() => new("--https")
    {
        Description = "Serve the front end over HTTPS with Porch's local CA",
    };
}
