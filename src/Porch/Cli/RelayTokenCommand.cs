using System.CommandLine;
using Porch.Hosting;
using Porch.Tunnel.Relay;

namespace Porch.Cli;

/// <summary>
/// <c>porch relay token add|list|revoke</c>: the tokens <c>porch share</c> clients authenticate with. The secret is
/// shown once, at <c>add</c>; the relay keeps only its hash.
/// </summary>
internal static class RelayTokenCommand
{
    public const int ExitFailed = 1;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var addName = new Argument<string>("NAME") { Description = "A name for the token: letters, digits, '-', '_' and '.', such as \"laptop\"" };
        var add = new Command("add", "Make a new token (256 random bits), print it once, and keep only its hash") { addName };
        add.Validators.Add(result =>
        {
            if (TokenStoreName.Problem(result.GetValue(addName)) is { } problem)
            {
                result.AddError($"NAME {problem}");
            }
        });
        add.SetAction((result, cancellationToken) => WithStore(result, stderr, store => AddAsync(store, result, result.GetValue(addName)!, stdout, stderr, cancellationToken)));

        var list = new Command("list", "List the tokens: name, created, names reserved to it, live tunnels (while the relay runs)");
        list.SetAction((result, cancellationToken) => WithStore(result, stderr, store => ListAsync(store, result, stdout, cancellationToken)));

        var revokeName = new Argument<string>("NAME") { Description = "The token to revoke" };
        var revoke = new Command("revoke", "Remove a token, free the names reserved to it, and close its live tunnels at once") { revokeName };
        revoke.SetAction((result, cancellationToken) => WithStore(result, stderr, store => RevokeAsync(store, result, result.GetValue(revokeName)!, stdout, stderr, cancellationToken)));

        return new Command("token", "Manage the tokens tunnel clients (porch share) use to connect") { add, list, revoke };
    }

    private static async Task<int> AddAsync(TokenStore store, ParseResult result, string name, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!store.TryAdd(name, out var token, out var error))
        {
            stderr.WriteLine($"porch relay token add: {error}");
            return ExitFailed;
        }

        stdout.WriteLine(token);
        var status = await RelayStatusClient.GetStatusAsync(GlobalOptions.ResolveState(result), cancellationToken);
        var relay = status is null ? "https://RELAY-DOMAIN" : $"https://{status.Domain}";
        stderr.WriteLine($"Token \"{name}\" made. It is shown only this once (the relay keeps its hash): copy it now. Share with:");
        stderr.WriteLine($"  porch share TARGET --relay {relay} --token {token}");
        return PorchRunner.ExitOk;
    }

    private static async Task<int> ListAsync(TokenStore store, ParseResult result, TextWriter stdout, CancellationToken cancellationToken)
    {
        var stateDirectory = GlobalOptions.ResolveState(result);
        if (store.Tokens.Count == 0)
        {
            stdout.WriteLine("No tokens yet. Make one with `porch relay token add NAME`.");
            return PorchRunner.ExitOk;
        }

        var names = NameReservationFile.Open(stateDirectory).Snapshot();
        var status = await RelayStatusClient.GetStatusAsync(stateDirectory, cancellationToken);
        var rows = store.Tokens.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new[]
        {
            t.Name,
            t.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'"),
            string.Join(", ", names.Where(n => n.Value == t.Name).Select(n => n.Key)) is { Length: > 0 } reserved ? reserved : "-",
            status is null ? "-" : status.Tunnels.Count(x => x.TokenName == t.Name).ToString(),
        }).ToList();
        RelayStatusFormat.WriteTable(stdout, ["NAME", "CREATED", "NAMES", "LIVE TUNNELS"], rows);
        if (status is null)
        {
            stdout.WriteLine("(No relay is running here, so live tunnels are not known.)");
        }

        return PorchRunner.ExitOk;
    }

    private static async Task<int> RevokeAsync(TokenStore store, ParseResult result, string name, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var stateDirectory = GlobalOptions.ResolveState(result);
        if (!store.TryRevoke(name, out var error))
        {
            stderr.WriteLine($"porch relay token revoke: {error}");
            return ExitFailed;
        }

        var outcome = $"Revoked token \"{name}\"";
        try
        {
            var reservations = NameReservationFile.Open(stateDirectory);
            var released = reservations.Snapshot().Where(n => n.Value == name).Select(n => n.Key).ToList();
            reservations.ReleaseToken(name);
            outcome += released.Count == 0 ? "; it had no reserved names" : $"; names free again: {string.Join(", ", released)}";
        }
        catch (RelayStateFileException e)
        {
            stderr.WriteLine($"porch relay token revoke: the token is revoked, but its names stay reserved: {e.Message}");
        }

        // The relay also watches the token file and closes them within seconds; asking it directly closes them now.
        var closed = await RelayStatusClient.CloseTokenAsync(stateDirectory, name, cancellationToken);
        outcome += closed is { } count ? $"; {count} live tunnel(s) closed." : "; no relay is running here, so no tunnel was open.";
        stdout.WriteLine(outcome);
        return PorchRunner.ExitOk;
    }

    private static async Task<int> WithStore(ParseResult result, TextWriter stderr, Func<TokenStore, Task<int>> action)
    {
        try
        {
            using var store = TokenStore.Open(GlobalOptions.ResolveState(result), TimeProvider.System);
            return await action(store);
        }
        catch (RelayStateFileException e)
        {
            stderr.WriteLine($"porch relay token: {e.Message}");
            return PorchRunner.ExitInvalidConfig;
        }
    }
}
