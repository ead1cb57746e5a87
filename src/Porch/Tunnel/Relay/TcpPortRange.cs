using System.Globalization;

namespace Porch.Tunnel.Relay;

/// <summary>The public TCP ports a relay may hand to tunnels (<c>porch relay --tcp-ports FROM-TO</c>), both ends included.</summary>
internal sealed record TcpPortRange(int From, int To)
{
    public int Count => To - From + 1;

    /// <summary>Reads <c>FROM-TO</c> (or one port); the error names the option and an example.</summary>
    public static TcpPortRange? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Trim().Split('-');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            && from is >= 1 and <= 65535 && to is >= 1 and <= 65535 && from <= to)
        {
            return new TcpPortRange(from, to);
        }

        error = $"--tcp-ports \"{text}\" is not a port range; write FROM-TO with ports from 1 to 65535, such as 20000-20099";
        return null;
    }

    public bool Contains(int port) => port >= From && port <= To;

    public override string ToString() => From == To ? From.ToString(CultureInfo.InvariantCulture) : $"{From}-{To}";
}
