using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Porch.Tunnel.Relay;

/// <summary>
/// How <c>porch relay status</c> and <c>porch relay token revoke</c> reach a running relay: the URL in
/// <c>relay/status.url</c>, loopback only. A missing file, or a relay that does not answer there (killed without
/// cleaning up), both mean "no relay running": null.
/// </summary>
internal static class RelayStatusClient
{
    /// <summary>A live relay answers its loopback page at once; a dead one refuses the connection at once.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The URL in <paramref name="urlFile"/> when it is an http URL on a loopback address, else null.</summary>
    public static Uri? ReadUrl(string urlFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(urlFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Only ever a loopback address: token names must not be sent to wherever a stray file points.
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp
            && IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)
            ? url
            : null;
    }

    public static async Task<RelayStatusDocument?> GetStatusAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        if (ReadUrl(RelayStateFiles.StatusUrl(stateDirectory)) is not { } url)
        {
            return null;
        }

        using var client = CreateClient();
        try
        {
            return await client.GetFromJsonAsync(new Uri(url, RelayStatusApp.StatusPath), RelayStatusJsonContext.Default.RelayStatusDocument, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Asks the running relay to close the live tunnels of <paramref name="tokenName"/>; how many it closed, or null when none answered.</summary>
    public static async Task<int?> CloseTokenAsync(string stateDirectory, string tokenName, CancellationToken cancellationToken)
    {
        if (ReadUrl(RelayStateFiles.StatusUrl(stateDirectory)) is not { } url)
        {
            return null;
        }

        using var client = CreateClient();
        try
        {
            var target = new Uri(url, $"{RelayStatusApp.TokensPrefix}{Uri.EscapeDataString(tokenName)}{RelayStatusApp.CloseSuffix}");
            using var response = await client.PostAsync(target, content: null, cancellationToken);
            response.EnsureSuccessStatusCode();
            var closed = await response.Content.ReadFromJsonAsync(RelayStatusJsonContext.Default.RelayStatusClosed, cancellationToken);
            return closed?.Closed;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = Timeout }) { Timeout = Timeout };
}
