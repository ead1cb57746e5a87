using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Porch.Hosting;
using Porch.Net;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

public sealed class StartupBannerTests : IDisposable
{
    private static readonly (string Interface, IPAddress Address)[] Interfaces =
    [
        ("lo", IPAddress.Parse("127.0.0.1")),
        ("lo", IPAddress.IPv6Loopback),
        ("eth0", IPAddress.Parse("192.168.1.20")),
        ("eth0", IPAddress.Parse("fe80::1c2b:3cff:fe4d:5e6f%2")),
        ("eth0", IPAddress.Parse("fd12:3456::20")),
        ("wwan0", IPAddress.Parse("100.64.7.9")),
        ("eth1", IPAddress.Parse("81.2.69.160")),
        ("eth1", IPAddress.Parse("2a02:1388::20")),
        ("docker0", IPAddress.Parse("192.0.2.1")),
    ];

    private readonly TestSite site = new();

    [Fact]
    public void Lines_EveryInterfaceOnDualStackAny_OneLinePerUsableAddressWithItsAudience()
    {
        var lines = StartupBanner.Lines(["http://[::]:8080"], Interfaces, "garden", name => name == "garden.local");

        Assert.Equal(
            [
                ("http://localhost:8080", AddressClass.Loopback, ""),
                ("http://127.0.0.1:8080", AddressClass.Loopback, ""),
                ("http://[::1]:8080", AddressClass.Loopback, ""),
                ("http://192.168.1.20:8080", AddressClass.Private, ""),
                ("http://[fe80::1c2b:3cff:fe4d:5e6f%25eth0]:8080", AddressClass.LinkLocal, " via eth0"),
                ("http://[fd12:3456::20]:8080", AddressClass.Private, ""),
                ("http://100.64.7.9:8080", AddressClass.CarrierGradeNat, ""),
                ("http://81.2.69.160:8080", AddressClass.Public, ""),
                ("http://[2a02:1388::20]:8080", AddressClass.Public, ""),
                ("http://garden.local:8080", AddressClass.Private, ""),
            ],
            lines.Select(l => (l.Url, l.Class, l.Note)));
    }

    [Fact]
    public void Lines_Ipv4Any_OnlyIpv4AddressesAndNoMdnsNameThatDoesNotResolve()
    {
        var lines = StartupBanner.Lines(["http://0.0.0.0:8080"], Interfaces, "garden", _ => false);

        Assert.Equal(
            ["http://localhost:8080", "http://127.0.0.1:8080", "http://192.168.1.20:8080", "http://100.64.7.9:8080", "http://81.2.69.160:8080"],
            lines.Select(l => l.Url));
    }

    [Fact]
    public void Lines_LoopbackOnly_NoInterfaceAddresses()
    {
        var lines = StartupBanner.Lines(["http://127.0.0.1:5000", "http://[::1]:5000"], Interfaces, "garden", _ => true);

        Assert.Equal(["http://localhost:5000", "http://127.0.0.1:5000", "http://[::1]:5000"], lines.Select(l => l.Url));
        Assert.All(lines, l => Assert.Equal(AddressClass.Loopback, l.Class));
    }

    [Fact]
    public void Print_NotShared_SaysOnlyThisMachineAndHowToShare()
    {
        var output = new StringWriter();

        StartupBanner.Print(output, StartupBanner.Lines(["http://127.0.0.1:5000"], [], "", _ => false), lan: false);

        var text = output.ToString();
        Assert.Contains("http://localhost:5000  this machine only", text, StringComparison.Ordinal);
        Assert.Contains("--lan", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeLan_RealProcess_PrintsLocalhostAndALinePerInterfaceAddress()
    {
        var port = FreePort.Allocate();
        var expected = ExpectedUrls(port);

        using var porch = PorchProcess.Start(site.Path, "serve", site.Path, "--lan", "--port", port.ToString(CultureInfo.InvariantCulture));

        await porch.Stderr.WaitForLineAsync(l => l.Contains($"http://localhost:{port} ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        foreach (var url in expected)
        {
            await porch.Stderr.WaitForLineAsync(l => l.TrimStart().StartsWith(url + " ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        }

        Assert.DoesNotContain(porch.Stderr.Lines(), l => l.Contains("Only this machine", StringComparison.Ordinal));
        porch.Terminate();
        Assert.Equal(0, await porch.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => site.Dispose();

    /// <summary>Every address of every interface that is up, as the banner should show it (independent of InterfaceAddresses).</summary>
    private static List<string> ExpectedUrls(int port)
    {
        var urls = new List<string>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown))
        {
            foreach (var address in nic.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            {
                var ipv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
                if (AddressClassifier.Classify(address) == AddressClass.Unusable || (ipv6 && !Socket.OSSupportsIPv6))
                {
                    continue;
                }

                var text = ipv6 ? new IPAddress(address.GetAddressBytes()).ToString() : address.ToString();
                urls.Add(ipv6
                    ? address.IsIPv6LinkLocal ? $"http://[{text}%25{nic.Name}]:{port}" : $"http://[{text}]:{port}"
                    : $"http://{text}:{port}");
            }
        }

        return urls;
    }
}
