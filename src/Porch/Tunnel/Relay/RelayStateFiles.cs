namespace Porch.Tunnel.Relay;

/// <summary>Where the relay keeps its state, under the state folder (<c>--state</c>).</summary>
internal static class RelayStateFiles
{
    /// <summary><c>STATE/relay</c>.</summary>
    public static string Folder(string stateDirectory) => Path.Combine(stateDirectory, "relay");

    /// <summary>Token names and SHA-256 hashes of their secrets (mode 0600, written atomically).</summary>
    public static string Tokens(string stateDirectory) => Path.Combine(Folder(stateDirectory), "tokens.json");

    /// <summary>Which token each name is reserved to.</summary>
    public static string Names(string stateDirectory) => Path.Combine(Folder(stateDirectory), "names.json");

    /// <summary>The running relay's loopback status URL, for <c>porch relay status</c> and <c>token revoke</c>.</summary>
    public static string StatusUrl(string stateDirectory) => Path.Combine(Folder(stateDirectory), "status.url");
}
