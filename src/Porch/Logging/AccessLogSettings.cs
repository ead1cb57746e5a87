namespace Porch.Logging;

/// <summary>When to rotate on a schedule, as logrotate's hourly/daily/weekly/monthly.</summary>
internal enum RotationInterval
{
    Hourly,
    Daily,
    Weekly,
    Monthly,
}

/// <summary>Access log settings, parsed. <see cref="FilePath"/> null means standard output.</summary>
internal sealed record AccessLogSettings(
    bool Enabled,
    string? FilePath,
    long? MaxSize,
    RotationInterval? Every,
    int Keep,
    bool Compress);
