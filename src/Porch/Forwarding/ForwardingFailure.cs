namespace Porch.Forwarding;

/// <summary>A failed forward: its kind, a few words of reason for the page and the log, and the status to answer.</summary>
internal readonly record struct ForwardingFailure(ForwarderError Error, string Reason, int StatusCode);
