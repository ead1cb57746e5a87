namespace Porch.Logging;

/// <summary>The files of one rotation as found on disk: the plain file, its archive, a half-written archive.</summary>
internal sealed class RotatedGroup(string stamp, int counter)
{
    /// <summary>The <c>yyyyMMdd-HHmmss</c> part of the name.</summary>
    public string Stamp { get; } = stamp;

    /// <summary>The <c>_NNN</c> part for later rotations within one second; 0 for the first.</summary>
    public int Counter { get; } = counter;

    public string? Plain { get; set; }

    public string? Gzip { get; set; }

    public string? Temp { get; set; }
}
