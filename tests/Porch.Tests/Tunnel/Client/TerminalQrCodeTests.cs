using Porch.Tunnel.Client;
using QRCoder;

namespace Porch.Tests.Tunnel.Client;

public sealed class TerminalQrCodeTests
{
    [Theory]
    [InlineData("https://myapp.localhost:8443")]
    [InlineData("https://k3v9q2xa.relay.example.com")]
    public void Render_HalfBlocks_DecodeToQrCodersModuleMatrix(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;

        var lines = TerminalQrCode.Render(url).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal((matrix.Count + 1) / 2, lines.Length);
        for (var y = 0; y < matrix.Count; y++)
        {
            var line = lines[y / 2];
            Assert.Equal(matrix[y].Length, line.Length);
            for (var x = 0; x < line.Length; x++)
            {
                // Drawn = light: the upper half stands for even rows, the lower half for odd ones.
                var drawn = y % 2 == 0
                    ? line[x] is TerminalQrCode.Full or TerminalQrCode.Upper
                    : line[x] is TerminalQrCode.Full or TerminalQrCode.Lower;
                Assert.True(drawn == !matrix[y][x], $"module ({x}, {y})");
            }
        }
    }

    [Fact]
    public void Render_QuietZone_IsLightAllAround()
    {
        var lines = TerminalQrCode.Render("https://a.localhost").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.All(lines[0], c => Assert.Equal(TerminalQrCode.Full, c));
        Assert.All(lines, line => Assert.Equal(TerminalQrCode.Full, line[0]));
        Assert.All(lines, line => Assert.Equal(TerminalQrCode.Full, line[^1]));
    }
}
