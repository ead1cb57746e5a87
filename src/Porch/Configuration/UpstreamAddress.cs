using System.Globalization;

namespace Porch.Configuration;

/// <summary>
/// Parses a proxy target as people write it: <c>8000</c>, <c>host:8000</c>, or <c>http://host:8000/base</c>;
/// <c>h2c://host:port</c> asks for HTTP/2 by prior knowledge (an app that speaks nothing else, such as gRPC).
/// </summary>
internal static class UpstreamAddress
{
    public static bool TryParse(string? text, out Uri? uri, out string? error)
    {
        uri = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; expected a port (8000), host:port (127.0.0.1:8000) or a URL (http://127.0.0.1:8000)";
            return false;
        }

        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            text = $"http://127.0.0.1:{port}";
        }
        else if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https" or "h2c"))
        {
            error = $"\"{text}\" is not an http://, https:// or h2c:// URL";
            return false;
        }

        if (parsed.Port is < 1 or > 65535 || string.IsNullOrEmpty(parsed.Host))
        {
            error = $"\"{text}\" needs a host and a port between 1 and 65535";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            error = $"\"{text}\" must not have a query or fragment";
            return false;
        }

        uri = parsed;
        return true;
    }
}
