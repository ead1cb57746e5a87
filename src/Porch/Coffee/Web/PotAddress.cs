using System.Globalization;

namespace Porch.Coffee.Web;

/// <summary>Where the front end finds the pot: <c>HOST:PORT</c>, <c>[IPv6]:PORT</c>, or a bare port on this machine.</summary>
internal sealed record PotAddress(string Host, int Port)
{
    public static bool TryParse(string text, out PotAddress? address, out string? error)
    {
        address = null;
        error = null;
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? "127.0.0.1" : text[..colon].Trim('[', ']');
        var portText = colon < 0 ? text : text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"--pot \"{text}\": expected HOST:PORT, e.g. 127.0.0.1:{CoffeeOptions.DefaultPotPort}";
            return false;
        }

        if (host.Length == 0)
        {
            error = $"--pot \"{text}\" has no host";
            return false;
        }

        address = new PotAddress(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
