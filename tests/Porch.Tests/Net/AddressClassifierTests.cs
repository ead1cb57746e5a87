using System.Net;
using Porch.Net;

namespace Porch.Tests.Net;

public class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("127.255.0.9", "Loopback")]
    [InlineData("::1", "Loopback")]
    [InlineData("::ffff:127.0.0.1", "Loopback")]
    [InlineData("10.1.2.3", "Private")]
    [InlineData("172.16.0.1", "Private")]
    [InlineData("172.31.255.255", "Private")]
    [InlineData("192.168.1.20", "Private")]
    [InlineData("fd12:3456::1", "Private")]
    [InlineData("fc00::1", "Private")]
    [InlineData("169.254.10.1", "LinkLocal")]
    [InlineData("fe80::1", "LinkLocal")]
    [InlineData("100.64.0.1", "CarrierGradeNat")]
    [InlineData("100.127.255.254", "CarrierGradeNat")]
    [InlineData("100.128.0.1", "Public")]
    [InlineData("172.32.0.1", "Public")]
    [InlineData("93.89.134.240", "Public")]
    [InlineData("2a01:4f8::1", "Public")]
    [InlineData("0.0.0.0", "Unusable")]
    [InlineData("::", "Unusable")]
    [InlineData("224.0.0.251", "Unusable")]
    [InlineData("ff02::fb", "Unusable")]
    [InlineData("192.0.2.1", "Unusable")]
    [InlineData("2001:db8::1", "Unusable")]
    public void Classify_KnownRanges_ReturnsTheirClass(string address, string expected) =>
        Assert.Equal(Enum.Parse<AddressClass>(expected), AddressClassifier.Classify(IPAddress.Parse(address)));
}
