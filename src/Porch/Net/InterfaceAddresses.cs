using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Porch.Net;

/// <summary>The addresses of this machine's interfaces that are up, with the interface they belong to.</summary>
internal static class InterfaceAddresses
{
    public static IReadOnlyList<(string Interface, IPAddress Address)> List()
    {
        var list = new List<(string, IPAddress)>();
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
                    list.Add((nic.Name, unicast.Address));
                }
            }
        }

        return list;
    }
}
