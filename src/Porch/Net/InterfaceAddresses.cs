using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Porch.Net;

/// <summary>The addresses of this machine's interfaces that are up, with the interface they belong to.</summary>
internal static class InterfaceAddresses
{
    public static IReadOnlyList<(string Interface, IPAddress Address)> List() =>
        [.. Unicast().Select(u => (u.Interface, u.Info.Address))];

    /// <summary>Each address with its prefix length: the networks this machine is on.</summary>
    public static IReadOnlyList<(IPAddress Address, int PrefixLength)> Prefixes() =>
        [.. Unicast().Select(u => (u.Info.Address, u.Info.PrefixLength))];

    private static List<(string Interface, UnicastIPAddressInformation Info)> Unicast()
    {
        var list = new List<(string, UnicastIPAddressInformation)>();
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return list;
        }

        foreach (var nic in interfaces)
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                {
                    list.Add((nic.Name, unicast));
                }
            }
        }

        return list;
    }
}
