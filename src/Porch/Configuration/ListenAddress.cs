using System.Globalization;
using System.Net;

namespace Porch.Configuration;

/// <summary>Where a listener binds. Loopback is the default everywhere (scenario 1): sharing is a choice.</summary>
internal enum ListenScope
{
    /// <summary>127.0.0.1 and ::1.</summary>
    Loopback,

    /// <summary>Every interface, IPv4 and IPv6.</summary>
    AnyInterface,

    /// <summary>One address.</summary>
    Address,
}

/// <summary>A parsed listen address: <c>8080</c>, <c>localhost:8080</c>, <c>*:8080</c>, <c>lan:8080</c>, <c>IP:PORT</c>, <c>[IPv6]:PORT</c>.</summary>
internal sealed record ListenAddress(ListenScope Scope, IPAddress? Address, int Port)
{
    public const string Syntax = "PORT, localhost:PORT, *:PORT (every interface), IP:PORT or [IPv6]:PORT";

    public static ListenAddress Loopback(int port) => new(ListenScope.Loopback, null, port);

    public static ListenAddress AnyInterface(int port) => new(ListenScope.AnyInterface, null, port);

    public static bool TryParse(string text, out ListenAddress? address, out string? error)
    {
        address = null;
        error = null;
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? "" : text[..colon];
        var portText = colon < 0 ? text : text[(colon + 1)..];
        if (host.Contains(':', StringComparison.Ordinal) && !(host.StartsWith('[') && host.EndsWith(']')))
        {
            error = $"\"{text}\": write IPv6 addresses in brackets, e.g. [::1]:8080";
            return false;
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"\"{text}\" has no valid port (0-65535); expected {Syntax}";
            return false;
        }

        switch (host.ToLowerInvariant())
        {
            case "" or "localhost":
                address = Loopback(port);
                return true;
            case "*" or "lan" or "0.0.0.0" or "[::]":
                address = AnyInterface(port);
                return true;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            address = new ListenAddress(ListenScope.Address, ip, port);
            return true;
        }

        error = $"\"{host}\" is not an IP address; expected {Syntax}";
        return false;
    }

    /// <summary>The URL Kestrel binds. A dynamic port (0) cannot bind "localhost" in Kestrel, so it uses 127.0.0.1.</summary>
    public string KestrelUrl => Scope switch
    {
        ListenScope.Loopback when Port == 0 => "http://127.0.0.1:0",
        ListenScope.Loopback => $"http://localhost:{Port}",
        ListenScope.AnyInterface => $"http://*:{Port}",
        _ => $"http://{new IPEndPoint(Address!, Port)}",
    };

    public override string ToString() => Scope switch
    {
        ListenScope.Loopback => $"localhost:{Port}",
        ListenScope.AnyInterface => $"*:{Port}",
        _ => new IPEndPoint(Address!, Port).ToString(),
    };
}
