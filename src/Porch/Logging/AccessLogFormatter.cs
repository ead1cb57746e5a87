using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Porch.Logging;

/// <summary>
/// Writes an <see cref="AccessLogEntry"/> as one line of the Combined Log Format, byte for byte as Apache
/// (<c>%h %l %u %t "%r" %&gt;s %b "%{Referer}i" "%{User-agent}i"</c>) and nginx's <c>combined</c> write it:
/// <c>192.168.1.20 - - [21/Nov/2026:11:02:20 +0100] "GET /a?b=1 HTTP/1.1" 200 1234 "-" "curl/7.88.1"</c>.
/// </summary>
/// <remarks>
/// Every field the client chose is escaped as nginx does: <c>"</c>, <c>\</c>, control characters and every non-ASCII
/// byte (after UTF-8 encoding) become <c>\xHH</c>. So a line is always printable ASCII and a client cannot end a field
/// or forge a second line.
/// </remarks>
internal static class AccessLogFormatter
{
    /// <summary>Room for everything that is not client text: address, time, status, size, quotes and spaces.</summary>
    private const int FixedLength = 256;

    /// <summary>One UTF-16 char becomes at most 3 UTF-8 bytes, each escaped as 4 (<c>\xHH</c>).</summary>
    private const int MaxBytesPerChar = 12;

    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    /// <summary>An upper bound of the bytes <see cref="Format"/> writes for <paramref name="entry"/>.</summary>
    public static int MaxLength(in AccessLogEntry entry) =>
        FixedLength + (MaxBytesPerChar * (entry.Method.Length + entry.Target.Length + entry.Protocol.Length +
            (entry.User?.Length ?? 0) + TotalLength(entry.Referer) + TotalLength(entry.UserAgent)));

    /// <summary>Writes the line, ending in <c>\n</c>, and returns its length. <paramref name="destination"/> must
    /// hold <see cref="MaxLength"/> bytes.</summary>
    public static int Format(in AccessLogEntry entry, TimeZoneInfo zone, Span<byte> destination)
    {
        var pos = 0;
        WriteAddress(entry.Client, destination, ref pos);
        WriteBytes(" - "u8, destination, ref pos);
        if (string.IsNullOrEmpty(entry.User))
        {
            destination[pos++] = (byte)'-';
        }
        else
        {
            WriteEscaped(entry.User, destination, ref pos);
        }

        WriteBytes(" ["u8, destination, ref pos);
        WriteTime(entry.UtcTicks, zone, destination, ref pos);
        WriteBytes("] \""u8, destination, ref pos);
        WriteEscaped(entry.Method, destination, ref pos);
        destination[pos++] = (byte)' ';
        WriteEscaped(entry.Target, destination, ref pos);
        destination[pos++] = (byte)' ';
        WriteEscaped(entry.Protocol, destination, ref pos);
        WriteBytes("\" "u8, destination, ref pos);
        entry.Status.TryFormat(destination[pos..], out var written);
        pos += written;
        destination[pos++] = (byte)' ';
        if (entry.BodyBytes > 0)
        {
            entry.BodyBytes.TryFormat(destination[pos..], out written);
            pos += written;
        }
        else
        {
            destination[pos++] = (byte)'-';
        }

        WriteBytes(" \""u8, destination, ref pos);
        WriteHeader(entry.Referer, destination, ref pos);
        WriteBytes("\" \""u8, destination, ref pos);
        WriteHeader(entry.UserAgent, destination, ref pos);
        WriteBytes("\"\n"u8, destination, ref pos);
        return pos;
    }

    private static void WriteAddress(IPAddress? address, Span<byte> destination, ref int pos)
    {
        if (address is null)
        {
            destination[pos++] = (byte)'-';
            return;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; people and log tools expect a.b.c.d.
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            for (var i = 12; i < 16; i++)
            {
                bytes[i].TryFormat(destination[pos..], out var n);
                pos += n;
                if (i < 15)
                {
                    destination[pos++] = (byte)'.';
                }
            }

            return;
        }

        address.TryFormat(destination[pos..], out var written);
        pos += written;
    }

    /// <summary><c>dd/MMM/yyyy:HH:mm:ss +hhmm</c> in local time, English month names whatever the culture.</summary>
    private static void WriteTime(long utcTicks, TimeZoneInfo zone, Span<byte> destination, ref int pos)
    {
        var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(utcTicks, TimeSpan.Zero), zone);
        WriteDigits(local.Day, 2, destination, ref pos);
        destination[pos++] = (byte)'/';
        Months.Slice((local.Month - 1) * 3, 3).CopyTo(destination[pos..]);
        pos += 3;
        destination[pos++] = (byte)'/';
        WriteDigits(local.Year, 4, destination, ref pos);
        destination[pos++] = (byte)':';
        WriteDigits(local.Hour, 2, destination, ref pos);
        destination[pos++] = (byte)':';
        WriteDigits(local.Minute, 2, destination, ref pos);
        destination[pos++] = (byte)':';
        WriteDigits(local.Second, 2, destination, ref pos);
        destination[pos++] = (byte)' ';
        var offset = (int)local.Offset.TotalMinutes;
        destination[pos++] = offset < 0 ? (byte)'-' : (byte)'+';
        offset = Math.Abs(offset);
        WriteDigits(offset / 60, 2, destination, ref pos);
        WriteDigits(offset % 60, 2, destination, ref pos);
    }

    private static void WriteDigits(int value, int width, Span<byte> destination, ref int pos)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[pos + i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        pos += width;
    }

    /// <summary>A request header: <c>-</c> when absent or empty; repeated headers joined by <c>, </c> (RFC 9110 §5.3).</summary>
    private static void WriteHeader(StringValues values, Span<byte> destination, ref int pos)
    {
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            destination[pos++] = (byte)'-';
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                WriteBytes(", "u8, destination, ref pos);
            }

            WriteEscaped(values[i], destination, ref pos);
        }
    }

    private static void WriteEscaped(ReadOnlySpan<char> text, Span<byte> destination, ref int pos)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (!text.IsEmpty)
        {
            var plain = text.IndexOfAnyExcept(Plain);
            if (plain < 0)
            {
                plain = text.Length;
            }

            Ascii.FromUtf16(text[..plain], destination[pos..], out var written);
            pos += written;
            text = text[plain..];
            if (text.IsEmpty)
            {
                return;
            }

            if (text[0] < 0x80)
            {
                WriteHexEscape((byte)text[0], destination, ref pos);
                text = text[1..];
                continue;
            }

            // Escaped as the UTF-8 bytes that were on the wire; a lone surrogate becomes U+FFFD.
            Rune.DecodeFromUtf16(text, out var rune, out var consumed);
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                WriteHexEscape(b, destination, ref pos);
            }

            text = text[consumed..];
        }
    }

    private static void WriteHexEscape(byte value, Span<byte> destination, ref int pos)
    {
        destination[pos++] = (byte)'\\';
        destination[pos++] = (byte)'x';
        destination[pos++] = Hex[value >> 4];
        destination[pos++] = Hex[value & 0xF];
    }

    private static void WriteBytes(ReadOnlySpan<byte> bytes, Span<byte> destination, ref int pos)
    {
        bytes.CopyTo(destination[pos..]);
        pos += bytes.Length;
    }

    private static int TotalLength(StringValues values)
    {
        var total = 0;
        foreach (var value in values)
        {
            total += (value?.Length ?? 0) + 2;
        }

        return total;
    }
}
