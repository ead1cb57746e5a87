namespace Porch.Configuration;

/// <summary>Access log in Combined Log Format; rotation like logrotate's <c>size</c>, <c>daily</c>, <c>rotate N</c>, <c>compress</c>.</summary>
internal sealed record AccessLogConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary>File to write; null or <c>-</c> writes to standard output.</summary>
    public string? Path { get; init; }

    /// <summary>Rotate when the file reaches this size, e.g. <c>100MB</c>.</summary>
    public string? MaxSize { get; init; }

    /// <summary>Rotate on this schedule: <c>hourly</c>, <c>daily</c>, <c>weekly</c> or <c>monthly</c>.</summary>
    public string? Every { get; init; }

    /// <summary>Rotated files kept (logrotate's <c>rotate 12</c>).</summary>
    public int Keep { get; init; } = 12;

    /// <summary>Gzip rotated files (logrotate's <c>compress</c>).</summary>
    public bool Compress { get; init; } = true;
}
