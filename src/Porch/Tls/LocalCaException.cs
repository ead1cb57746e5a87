namespace Porch.Tls;

/// <summary>The local CA's stored root cannot be used; the message names the file and what to do.</summary>
internal sealed class LocalCaException(string message) : Exception(message);
