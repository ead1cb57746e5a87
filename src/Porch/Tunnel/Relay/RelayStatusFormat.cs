namespace Porch.Tunnel.Relay;

/// <summary>Numbers as people read them on the status page and in <c>porch relay status</c>.</summary>
internal static class RelayStatusFormat
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>1023 B, 1.5 KiB, 12.0 MiB (binary units: the byte counts are exact, the display is not).</summary>
    public static string Bytes(long count)
    {
        double value = count;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{count} B" : $"{value:0.0} {Units[unit]}";
    }

    /// <summary>45s, 3m05s, 2h07m, 3d04h: two units at most, enough to tell a fresh tunnel from an old one.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span switch
        {
            { TotalMinutes: < 1 } => $"{span.Seconds}s",
            { TotalHours: < 1 } => $"{span.Minutes}m{span.Seconds:00}s",
            { TotalDays: < 1 } => $"{span.Hours}h{span.Minutes:00}m",
            _ => $"{(int)span.TotalDays}d{span.Hours:00}h",
        };
    }

    /// <summary>The cells of one tunnel's row, in <see cref="Headers"/> order.</summary>
    public static string[] Row(TunnelInfo tunnel, DateTimeOffset now) =>
    [
        tunnel.Name,
        tunnel.TcpPort is { } tcp ? $"{tunnel.Url} +tcp:{tcp}" : tunnel.Url,
        tunnel.ClientAddress,
        tunnel.Transport,
        $"{tunnel.OpenStreams}/{tunnel.TotalStreams}",
        $"{Bytes(tunnel.BytesIn)} / {Bytes(tunnel.BytesOut)}",
        Duration(now - tunnel.ConnectedAt),
    ];

    public static readonly string[] Headers = ["NAME", "URL", "CLIENT", "TRANSPORT", "STREAMS OPEN/TOTAL", "BYTES IN / OUT", "CONNECTED FOR"];

    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/>, each column as wide as its widest cell.</summary>
    public static void WriteTable(TextWriter writer, string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(headers))
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        }
    }
}
