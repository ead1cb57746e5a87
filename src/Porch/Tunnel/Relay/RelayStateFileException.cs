namespace Porch.Tunnel.Relay;

/// <summary>
/// A relay state file (tokens, name reservations) that exists but cannot be used. The message names the file and the
/// fix; the relay refuses to start on it, and nothing ever overwrites it (it may hold the only copy of a user's tokens).
/// </summary>
internal sealed class RelayStateFileException : Exception
{
    public RelayStateFileException()
    {
    }

    public RelayStateFileException(string message)
        : base(message)
    {
    }

    public RelayStateFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
