using System.Net;
using BenchmarkDotNet.Attributes;
using Porch.Wire.ProxyProtocol;

namespace Porch.Bench.Micro;

/// <summary>
/// What a PROXY header costs per connection: parsing the headers HAProxy sends (v1 TCP4, v2 INET without TLVs, v2
/// INET6 with CRC32C, unique ID and authority), and telling a connection without one (an HTTP request) from one with.
/// </summary>
[MemoryDiagnoser]
public class ProxyHeaderParseBenchmarks
{
    private static readonly IPEndPoint ClientV4 = new(IPAddress.Parse("203.0.113.7"), 56324);
    private static readonly IPEndPoint ServerV4 = new(IPAddress.Parse("198.51.100.2"), 443);

    private readonly byte[] v1 = ProxyHeaderWriter.WriteV1(new ProxyHeader
    {
        Version = 1,
        Family = ProxyAddressFamily.Inet,
        Source = ClientV4,
        Destination = ServerV4,
    });

    private readonly byte[] v2 = ProxyHeaderWriter.WriteV2(new ProxyHeader
    {
        Version = 2,
        Family = ProxyAddressFamily.Inet,
        Source = ClientV4,
        Destination = ServerV4,
    });

    private readonly byte[] v2WithTlvs = ProxyHeaderWriter.WriteV2(new ProxyHeader
    {
        Version = 2,
        Family = ProxyAddressFamily.Inet6,
        Source = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 56324),
        Destination = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443),
        Tlvs = [ProxyTlv.Authority("blog.example"), ProxyTlv.UniqueId("7F000002:A364_7F000001:99F3_6B01A956_0000:4DE5"u8.ToArray())],
    }, addCrc32C: true);

    private readonly byte[] http = "GET / HTTP/1.1\r\nHost: blog.example\r\n\r\n"u8.ToArray();

    [Benchmark(Baseline = true)]
    public object? V2Inet() => ProxyHeaderParser.Parse(v2).Header;

    [Benchmark]
    public object? V1Tcp4() => ProxyHeaderParser.Parse(v1).Header;

    [Benchmark]
    public object? V2Inet6WithCrcAndTlvs() => ProxyHeaderParser.Parse(v2WithTlvs).Header;

    [Benchmark]
    public int DetectNoHeader() => (int)ProxyHeaderParser.Detect(http);
}
