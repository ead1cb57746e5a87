using System.Text.Json.Serialization;

namespace Porch.Tunnel.Relay;

/// <summary>Source-generated JSON for the status page and its clients (no reflection: trimmed builds keep working).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(RelayStatusDocument))]
[JsonSerializable(typeof(RelayStatusClosed))]
internal sealed partial class RelayStatusJsonContext : JsonSerializerContext;
