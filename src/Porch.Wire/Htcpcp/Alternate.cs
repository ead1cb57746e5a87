namespace Porch.Wire.Htcpcp;

/// <summary>One variant of an Alternates header: where it is and its media type.</summary>
internal readonly record struct Alternate(string Uri, string Type);
