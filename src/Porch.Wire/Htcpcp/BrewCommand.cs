namespace Porch.Wire.Htcpcp;

/// <summary>RFC 2324 §4: <c>coffee-message-body = "start" | "stop"</c>.</summary>
internal enum BrewCommand
{
    /// <summary>Empty, or anything other than start and stop.</summary>
    Invalid,

    Start,
    Stop,
}
