using System.Net;
using System.Net.Sockets;

namespace Porch.Net;

/// <summary>Classifies an IP address by who can reach it (scenario 1: loopback, LAN, internet).</summary>
internal static class AddressClassifier
{
    private static readonly IPNetwork[] PrivateV4 =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
    ];

    private static readonly IPNetwork[] UnusableV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        // RFC 5737 documentation ranges.
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
    ];

    private static readonly IPNetwork LoopbackV4 = IPNetwork.Parse("127.0.0.0/8");
    private static readonly IPNetwork LinkLocalV4 = IPNetwork.Parse("169.254.0.0/16");
    private static readonly IPNetwork CarrierGradeNatV4 = IPNetwork.Parse("100.64.0.0/10");
    private static readonly IPNetwork UniqueLocalV6 = IPNetwork.Parse("fc00::/7");
    private static readonly IPNetwork LinkLocalV6 = IPNetwork.Parse("fe80::/10");
    private static readonly IPNetwork DocumentationV6 = IPNetwork.Parse("2001:db8::/32");

    public static AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? ClassifyV4(address) : ClassifyV6(address);
    }

    /// <summary>The words printed next to a URL: who can open it.</summary>
    public static string Audience(AddressClass addressClass) => addressClass switch
    {
        AddressClass.Loopback => "this machine only",
        AddressClass.Private => "your network",
        AddressClass.LinkLocal => "devices on the same link",
        AddressClass.CarrierGradeNat => "your provider's network (carrier-grade NAT), not the internet",
        AddressClass.Public => "the internet, if no firewall blocks the port",
        _ => "nobody",
    };

    private static AddressClass ClassifyV4(IPAddress address)
    {
        if (LoopbackV4.Contains(address))
        {
            return AddressClass.Loopback;
        }

        if (LinkLocalV4.Contains(address))
        {
            return AddressClass.LinkLocal;
        }

        if (CarrierGradeNatV4.Contains(address))
        {
            return AddressClass.CarrierGradeNat;
        }

        if (Array.Exists(PrivateV4, n => n.Contains(address)))
        {
            return AddressClass.Private;
        }

        return Array.Exists(UnusableV4, n => n.Contains(address)) ? AddressClass.Unusable : AddressClass.Public;
    }

    private static AddressClass ClassifyV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressClass.Loopback;
        }

        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast || DocumentationV6.Contains(address))
        {
            return AddressClass.Unusable;
        }

        if (LinkLocalV6.Contains(address))
        {
            return AddressClass.LinkLocal;
        }

        return UniqueLocalV6.Contains(address) ? AddressClass.Private : AddressClass.Public;
    }
}
