using System.Globalization;

namespace Porch.Tests.Support;

/// <summary>Resident memory of a process from /proc/PID/status (proc(5)): what the kernel charges it, not the GC's view.</summary>
internal static class TunnelMemory
{
    /// <summary>Peak resident set size so far (VmHWM), in bytes.</summary>
    public static long PeakResident(int pid) => Read(pid, "VmHWM:");

    /// <summary>Current resident set size (VmRSS), in bytes.</summary>
    public static long Resident(int pid) => Read(pid, "VmRSS:");

    private static long Read(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status")
            .First(l => l.StartsWith(field, StringComparison.Ordinal));

        // "VmHWM:\t  123456 kB"
        var kib = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
    }
}
