using System.Buffers;
using System.Text;

namespace Porch.Wire.Dns;

/// <summary>
/// Domain names in presentation form ("_acme-challenge.example.com", trailing dot optional, "." or "" for the root)
/// and their uncompressed wire form (RFC 1035 §3.1). A label byte that is a dot, a backslash or not printable ASCII is
/// written as \DDD, and "\." / "\DDD" are read back (RFC 1035 §5.1), so every wire name has a text form.
/// </summary>
internal static class DnsName
{
    public const int MaxWireLength = 255;

    public const int MaxLabelLength = 63;

    /// <summary>Why <paramref name="name"/> cannot be a domain name, or null when it can.</summary>
    public static string? Validate(string name) => TryToWire(name, out _, out var error) ? null : error;

    /// <summary>The uncompressed wire form; throws when <see cref="Validate"/> would report a problem.</summary>
    public static byte[] ToWire(string name) =>
        TryToWire(name, out var wire, out var error) ? wire : throw new ArgumentException($"\"{name}\" is not a domain name: {error}", nameof(name));

    /// <summary>The wire form with ASCII letters lowered: the canonical form TSIG signs (RFC 8945 §4.3.3, RFC 4034 §6.2).</summary>
    public static byte[] ToCanonicalWire(string name)
    {
        return Lower(ToWire(name));
    }

    /// <summary>Lowers ASCII letters in place. Length bytes are at most 63, below 'A', so they are never touched.</summary>
    private static byte[] Lower(byte[] wire)
    {
        for (var i = 0; i < wire.Length; i++)
        {
            if (wire[i] is >= (byte)'A' and <= (byte)'Z')
            {
                wire[i] = (byte)(wire[i] | 0x20);
            }
        }

        return wire;
    }

    /// <summary>Names compare case-insensitively for ASCII letters only (RFC 4343 §3), label by label.</summary>
    public static bool Equal(string a, string b) =>
        TryToWire(a, out var x, out _) && TryToWire(b, out var y, out _) && Lower(x).AsSpan().SequenceEqual(Lower(y));

    /// <summary>Whether <paramref name="name"/> is <paramref name="zone"/> or below it.</summary>
    public static bool IsAtOrBelow(string name, string zone)
    {
        if (!TryToWire(name, out var n, out _) || !TryToWire(zone, out var z, out _))
        {
            return false;
        }

        Lower(n);
        Lower(z);
        for (var at = 0; at < n.Length && n.Length - at >= z.Length; at += n[at] + 1)
        {
            if (n.AsSpan(at).SequenceEqual(z))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The presentation form of one label's raw bytes.</summary>
    public static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\' or <= 0x20 or >= 0x7F)
            {
                text.Append('\\').Append(((int)b).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append((char)b);
            }
        }
    }

    private static bool TryToWire(string name, out byte[] wire, out string error)
    {
        wire = [];
        error = "";
        var text = name == "." ? "" : name;
        var output = new ArrayBufferWriter<byte>(text.Length + 2);
        var label = new List<byte>(MaxLabelLength);
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '.')
            {
                if (label.Count == 0)
                {
                    if (i == text.Length && i > 0 && text[i - 1] == '.')
                    {
                        break; // the trailing dot of an absolute name
                    }

                    if (text.Length == 0)
                    {
                        break;
                    }

                    error = "it has an empty label (two dots in a row, or a leading dot)";
                    return false;
                }

                if (label.Count > MaxLabelLength)
                {
                    error = $"a label is longer than {MaxLabelLength} bytes";
                    return false;
                }

                output.GetSpan(1)[0] = (byte)label.Count;
                output.Advance(1);
                output.Write(label.ToArray());
                label.Clear();
                continue;
            }

            if (!TryReadByte(text, ref i, out var b, out error))
            {
                return false;
            }

            label.Add(b);
        }

        output.GetSpan(1)[0] = 0;
        output.Advance(1);
        if (output.WrittenCount > MaxWireLength)
        {
            error = $"it is longer than {MaxWireLength} bytes on the wire";
            return false;
        }

        wire = output.WrittenSpan.ToArray();
        return true;
    }

    private static bool TryReadByte(string text, ref int i, out byte value, out string error)
    {
        value = 0;
        error = "";
        var c = text[i];
        if (c > 0x7E || c <= 0x20)
        {
            error = $"it contains '{c}' (only printable ASCII, or \\DDD escapes)";
            return false;
        }

        if (c != '\\')
        {
            value = (byte)c;
            return true;
        }

        if (i + 3 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 3]))
        {
            var number = ((text[i + 1] - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
            if (number > 255)
            {
                error = $"the escape \\{text.Substring(i + 1, 3)} is above 255";
                return false;
            }

            value = (byte)number;
            i += 3;
            return true;
        }

        if (i + 1 < text.Length && !char.IsAsciiDigit(text[i + 1]) && text[i + 1] is > (char)0x20 and < (char)0x7F)
        {
            value = (byte)text[i + 1];
            i += 1;
            return true;
        }

        error = "it has a backslash that is not followed by \\DDD or a printable character";
        return false;
    }
}
