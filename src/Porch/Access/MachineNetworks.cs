using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Porch.Net;

namespace Porch.Access;

/// <summary>
/// The networks this machine's interfaces are on (address and prefix length), as the set of "local" clients: the
/// roommate on the same Wi-Fi. Recomputed after the operating system reports an address change.
/// <para>
/// Private, link-local and carrier-grade-NAT prefixes count, and global IPv6 prefixes of /64 or longer: a /64 is one
/// link (RFC 4291 §2.5.4), and a home network's IPv6 clients use global addresses in it. A public IPv4 prefix on an
/// interface (a VPS's /24) or a shorter IPv6 one holds other people's machines, so those stay remote unless
/// <c>localNetworks</c> names them.
/// </para>
/// </summary>
internal sealed class MachineNetworks
{
    public static readonly MachineNetworks Instance = new();

    private CidrSet? current;

    private MachineNetworks()
    {
        NetworkChange.NetworkAddressChanged += (_, _) => Volatile.Write(ref current, null);
    }

    public CidrSet Current
    {
        get
        {
            var set = Volatile.Read(ref current);
            if (set is null)
            {
                set = CidrSet.Of(Read());
                Volatile.Write(ref current, set);
            }

            return set;
        }
    }

    public bool Contains(IPAddress address) => Current.Contains(address);

    private static IEnumerable<IPNetwork> Read()
    {
        foreach (var (address, prefixLength) in InterfaceAddresses.Prefixes())
        {
            if (Network(address, prefixLength) is { } network)
            {
                yield return network;
            }
        }
    }

    /// <summary>The network an interface address with its prefix length is on, when its clients count as local.</summary>
    public static IPNetwork? Network(IPAddress address, int prefixLength)
    {
        var family = address.AddressFamily;
        var bits = family == AddressFamily.InterNetwork ? 32 : family == AddressFamily.InterNetworkV6 ? 128 : 0;
        if (bits == 0 || prefixLength <= 0 || prefixLength > bits)
        {
            return null;
        }

        var counts = AddressClassifier.Classify(address) switch
        {
            AddressClass.Private or AddressClass.LinkLocal or AddressClass.CarrierGradeNat => true,
            AddressClass.Public => family == AddressFamily.InterNetworkV6 && prefixLength >= 64,
            _ => false,
        };
        if (!counts)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPNetwork(new IPAddress(bytes), prefixLength);
    }
}
