using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Porch.Net;

/// <summary>
/// A compiled set of IPv4 and IPv6 networks (trusted proxies, allow and deny lists, local networks), parsed once at
/// configuration time and asked <see cref="Contains"/> on the hot path without allocating.
/// </summary>
/// <remarks>
/// An IPv4-mapped IPv6 address (<c>::ffff:192.0.2.1</c>, what a dual-stack socket reports for an IPv4 client) is
/// matched as the IPv4 address it carries (RFC 4291 §2.5.5.2), and a network written in that form
/// (<c>::ffff:10.0.0.0/104</c>) is stored as the IPv4 network it covers, so one rule covers both spellings.
/// </remarks>
internal sealed class CidrSet
{
    private readonly V4Network[] v4;
    private readonly V6Network[] v6;

    private CidrSet(IReadOnlyList<IPNetwork> networks)
    {
        Networks = networks;
        v4 = [.. networks.Where(n => n.BaseAddress.AddressFamily == AddressFamily.InterNetwork).Select(V4Network.From)];
        v6 = [.. networks.Where(n => n.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6).Select(V6Network.From)];
    }

    public static CidrSet Empty { get; } = new([]);

    /// <summary>The networks as parsed (IPv4-mapped ones already turned into IPv4), in the order given.</summary>
    public IReadOnlyList<IPNetwork> Networks { get; }

    public bool IsEmpty => Networks.Count == 0;

    public static CidrSet Of(IEnumerable<IPNetwork> networks)
    {
        List<IPNetwork> distinct = [.. networks.Select(Normalize).Distinct()];
        return distinct.Count == 0 ? Empty : new CidrSet(distinct);
    }

    /// <summary>
    /// Parses every entry, reporting each bad one as (index, message) instead of stopping at the first; the set is
    /// null when any entry was bad.
    /// </summary>
    public static CidrSet? Parse(IReadOnlyList<string> entries, out List<(int Index, string Message)> errors)
    {
        errors = [];
        var networks = new List<IPNetwork>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (TryParseNetwork(entries[i], out var network, out var error))
            {
                networks.Add(network);
            }
            else
            {
                errors.Add((i, error!));
            }
        }

        return errors.Count == 0 ? Of(networks) : null;
    }

    /// <summary>
    /// One network: <c>10.0.0.0/8</c>, <c>2001:db8::/32</c>, or a single address (<c>192.0.2.7</c>, <c>::1</c>)
    /// meaning a /32 or /128. The error names the problem and the fix.
    /// </summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network, out string? error)
    {
        network = default;
        error = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = "is empty; write a network such as \"10.0.0.0/8\" or an address such as \"192.0.2.7\"";
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? value : value[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            error = $"\"{value}\": \"{addressText}\" is not an IPv4 or IPv6 address; write a network such as \"10.0.0.0/8\" or \"2001:db8::/32\"";
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(value.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > maxPrefix))
        {
            error = $"\"{value}\": the prefix length after '/' must be a number from 0 to {maxPrefix}";
            return false;
        }

        var candidate = new IPNetwork(Mask(address, prefix), prefix);
        if (!candidate.BaseAddress.Equals(address))
        {
            error = $"\"{value}\" has bits set after the first {prefix}; write \"{candidate}\" for the whole network, or \"{address}\" for that one address";
            return false;
        }

        network = Normalize(candidate);
        return true;
    }

    /// <summary>Whether <paramref name="address"/> lies in one of the networks; false for null.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null || IsEmpty)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        if (written == 4)
        {
            return ContainsV4(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return ContainsV4(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        foreach (var n in v6)
        {
            if ((value & n.Mask) == n.Bits)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(", ", Networks);

    private bool ContainsV4(uint value)
    {
        foreach (var n in v4)
        {
            if ((value & n.Mask) == n.Bits)
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork Normalize(IPNetwork network) =>
        network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96
            ? new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96)
            : network;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private readonly record struct V4Network(uint Bits, uint Mask)
    {
        public static V4Network From(IPNetwork n)
        {
            var mask = n.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - n.PrefixLength);
            return new V4Network(BinaryPrimitives.ReadUInt32BigEndian(n.BaseAddress.GetAddressBytes()) & mask, mask);
        }
    }

    private readonly record struct V6Network(UInt128 Bits, UInt128 Mask)
    {
        public static V6Network From(IPNetwork n)
        {
            var mask = n.PrefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - n.PrefixLength);
            return new V6Network(BinaryPrimitives.ReadUInt128BigEndian(n.BaseAddress.GetAddressBytes()) & mask, mask);
        }
    }
}
