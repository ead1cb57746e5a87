using System.CommandLine;
using System.Text.Json;
using Porch.Hosting;
using Porch.Tunnel.Relay;

namespace Porch.Cli;

/// <summary><c>porch relay status [--json]</c>: the running relay's live tunnels, from its loopback status page.</summary>
internal static class RelayStatusCommand
{
    public const int ExitNotRunning = 1;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (the status page's /status.json)" };
        var command = new Command("status", "List the running relay's tunnels: name, URL, client address, streams, bytes, connected for") { json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var stateDirectory = GlobalOptions.ResolveState(result);
            var status = await RelayStatusClient.GetStatusAsync(stateDirectory, cancellationToken);
            if (status is null)
            {
                stderr.WriteLine($"No relay is running with state folder {stateDirectory} (nothing answers at the URL in {RelayStateFiles.StatusUrl(stateDirectory)}). "
                    + $"Start one with `porch relay --domain DOMAIN --state {stateDirectory}`.");
                return ExitNotRunning;
            }

            if (result.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(status, RelayStatusJsonContext.Default.RelayStatusDocument));
                return PorchRunner.ExitOk;
            }

            if (status.Tunnels.Count == 0)
            {
                stdout.WriteLine($"Relay {status.Domain} is running, with no live tunnels.");
                return PorchRunner.ExitOk;
            }

            stdout.WriteLine($"Relay {status.Domain}: {status.Tunnels.Count} live tunnel(s).");
            RelayStatusFormat.WriteTable(stdout, RelayStatusFormat.Headers, [.. status.Tunnels.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => RelayStatusFormat.Row(t, status.Now))]);
            return PorchRunner.ExitOk;
        });
        return command;
    }
}
