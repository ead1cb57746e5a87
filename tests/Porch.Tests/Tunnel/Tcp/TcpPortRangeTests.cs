using Porch.Tests.Tunnel.Relay;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tcp;

/// <summary><c>porch relay --tcp-ports</c>: what it accepts, and the one line a mistake gets.</summary>
public sealed class TcpPortRangeTests
{
    [Theory]
    [InlineData("20000-20099", 20000, 20099)]
    [InlineData(" 5000 ", 5000, 5000)]
    [InlineData("1-65535", 1, 65535)]
    public void Parse_ValidRange_GivesBothEnds(string text, int from, int to)
    {
        var range = TcpPortRange.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(new TcpPortRange(from, to), range);
        Assert.Equal(to - from + 1, range!.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0-10")]
    [InlineData("20099-20000")]
    [InlineData("20000-70000")]
    [InlineData("a-b")]
    [InlineData("1-2-3")]
    [InlineData("-5")]
    public void Parse_NotARange_NamesTheOptionAndAnExample(string text)
    {
        Assert.Null(TcpPortRange.Parse(text, out var error));
        Assert.Equal($"--tcp-ports \"{text}\" is not a port range; write FROM-TO with ports from 1 to 65535, such as 20000-20099", error);
    }

    [Fact]
    public async Task RelayCommand_BadTcpPorts_IsRefusedBeforeStarting()
    {
        var (exit, _, error) = await RelayRun.RunAsync("relay", "--domain", "localhost", "--port", "0", "--bind", "127.0.0.1", "--tcp-ports", "9-1");

        Assert.NotEqual(0, exit);
        Assert.Contains("--tcp-ports \"9-1\" is not a port range", error, StringComparison.Ordinal);
    }
}
