using System.Text;

namespace Porch.Wire.Htcpcp;

/// <summary>Reads the body of a BREW: <c>start</c> or <c>stop</c>, ignoring surrounding whitespace and letter case.</summary>
internal static class CoffeeMessageBody
{
    public static BrewCommand Parse(ReadOnlySpan<byte> body)
    {
        var text = body.Trim(" \t\r\n"u8);
        return text.Length switch
        {
            5 when Ascii.EqualsIgnoreCase(text, "start"u8) => BrewCommand.Start,
            4 when Ascii.EqualsIgnoreCase(text, "stop"u8) => BrewCommand.Stop,
            _ => BrewCommand.Invalid,
        };
    }
}
