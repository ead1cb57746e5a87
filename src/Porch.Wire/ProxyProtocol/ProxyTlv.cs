using System.Text;

namespace Porch.Wire.ProxyProtocol;

/// <summary>One v2 type-length-value field as received (or to be written): the type byte and the value bytes.</summary>
internal readonly record struct ProxyTlv(byte Type, ReadOnlyMemory<byte> Value)
{
    public static ProxyTlv Alpn(string protocol) => new(ProxyTlvType.Alpn, Encoding.ASCII.GetBytes(protocol));

    public static ProxyTlv Authority(string host) => new(ProxyTlvType.Authority, Encoding.UTF8.GetBytes(host));

    public static ProxyTlv UniqueId(ReadOnlyMemory<byte> id) => new(ProxyTlvType.UniqueId, id);

    public static ProxyTlv Netns(string name) => new(ProxyTlvType.Netns, Encoding.ASCII.GetBytes(name));

    public static ProxyTlv Noop(int length) => new(ProxyTlvType.Noop, new byte[length]);

    public static ProxyTlv Ssl(ProxySslInfo ssl) => new(ProxyTlvType.Ssl, ssl.Encode());
}
