namespace Porch.Tunnel.Relay;

/// <summary>The JSON shape of <c>relay/names.json</c>: tunnel name → name of the token it is reserved to.</summary>
internal sealed record NameReservationFileDocument(int Version, IReadOnlyDictionary<string, string> Names);
