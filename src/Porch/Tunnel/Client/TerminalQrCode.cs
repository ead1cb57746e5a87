using System.Text;
using QRCoder;

namespace Porch.Tunnel.Client;

/// <summary>
/// A QR code drawn with Unicode half blocks, two module rows per text line, so a phone can scan the URL off the
/// terminal. Light modules are drawn and dark ones left blank, which reads right on the usual dark terminal
/// background; the quiet zone (ISO/IEC 18004 §6.3.8, four modules) is part of the matrix.
/// </summary>
internal static class TerminalQrCode
{
    /// <summary>Upper half light, lower half light, both, neither.</summary>
    public const char Upper = '▀';

    public const char Lower = '▄';

    public const char Full = '█';

    public const char Blank = ' ';

    /// <summary>The code's module matrix (true = dark), quiet zone included.</summary>
    public static bool[][] Modules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray())];
    }

    public static string Render(string text)
    {
        var modules = Modules(text);
        var output = new StringBuilder();
        for (var y = 0; y < modules.Length; y += 2)
        {
            for (var x = 0; x < modules[y].Length; x++)
            {
                var upperLight = !modules[y][x];
                // An odd count of rows leaves the last line's lower half as background (light, like the quiet zone).
                var lowerLight = y + 1 >= modules.Length || !modules[y + 1][x];
                output.Append((upperLight, lowerLight) switch
                {
                    (true, true) => Full,
                    (true, false) => Upper,
                    (false, true) => Lower,
                    _ => Blank,
                });
            }

            output.Append('\n');
        }

        return output.ToString();
    }
}
