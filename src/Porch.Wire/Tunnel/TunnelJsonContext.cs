using System.Text.Json.Serialization;

namespace Porch.Wire.Tunnel;

/// <summary>Source-generated JSON for the tunnel messages: no reflection, so a trimmed build keeps working.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TunnelMessage))]
internal sealed partial class TunnelJsonContext : JsonSerializerContext;
