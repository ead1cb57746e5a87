namespace Porch.Wire.Htcpcp;

/// <summary>One requested addition: the text as the client wrote it (clients echo it back in their pages) and its family.</summary>
internal readonly record struct Addition(string Text, AdditionKind Kind);
