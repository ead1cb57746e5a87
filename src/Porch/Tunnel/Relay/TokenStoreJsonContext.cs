using System.Text.Json.Serialization;

namespace Porch.Tunnel.Relay;

/// <summary>
/// Source-generated JSON for the relay's state files: no reflection (a trimmed build keeps working), and a missing
/// field or a null where none belongs is an error at load, not a null inside the relay later.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(TokenStoreDocument))]
[JsonSerializable(typeof(NameReservationFileDocument))]
internal sealed partial class TokenStoreJsonContext : JsonSerializerContext;
