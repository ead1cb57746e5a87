using System.Collections.Frozen;

namespace Porch.StaticFiles;

/// <summary>
/// The media type of a file, chosen by its extension once when the file is first served, and whether compressing it
/// is worth it (text, markup, scripts; not images, video or fonts that are already compressed).
/// </summary>
internal static class ContentTypes
{
    public const string Unknown = "application/octet-stream";

    private const string Utf8 = "; charset=utf-8";

    private static readonly FrozenDictionary<string, (string Type, bool Compressible)> ByExtension =
        new Dictionary<string, (string, bool)>(StringComparer.OrdinalIgnoreCase)
        {
            // Text: the charset parameter spares browsers a guess (RFC 9110 §8.3.1; HTML's default is not UTF-8).
            [".html"] = ("text/html" + Utf8, true),
            [".htm"] = ("text/html" + Utf8, true),
            [".css"] = ("text/css" + Utf8, true),
            [".js"] = ("text/javascript" + Utf8, true), // RFC 9239 §6: text/javascript, for classic scripts and modules alike.
            [".mjs"] = ("text/javascript" + Utf8, true),
            [".cjs"] = ("text/javascript" + Utf8, true),
            [".txt"] = ("text/plain" + Utf8, true),
            [".md"] = ("text/markdown" + Utf8, true),
            [".markdown"] = ("text/markdown" + Utf8, true),
            [".csv"] = ("text/csv" + Utf8, true),
            [".tsv"] = ("text/tab-separated-values" + Utf8, true),
            [".ics"] = ("text/calendar" + Utf8, true),
            [".vtt"] = ("text/vtt" + Utf8, true),
            [".yaml"] = ("text/yaml" + Utf8, true),
            [".yml"] = ("text/yaml" + Utf8, true),

            // JSON is UTF-8 by definition and defines no charset parameter (RFC 8259 §11); XML declares its own encoding.
            [".json"] = ("application/json", true),
            [".map"] = ("application/json", true),
            [".webmanifest"] = ("application/manifest+json", true),
            [".jsonld"] = ("application/ld+json", true),
            [".xml"] = ("application/xml", true),
            [".xhtml"] = ("application/xhtml+xml", true),
            [".rss"] = ("application/rss+xml", true),
            [".atom"] = ("application/atom+xml", true),
            [".svg"] = ("image/svg+xml", true),
            [".wasm"] = ("application/wasm", true),

            [".png"] = ("image/png", false),
            [".jpg"] = ("image/jpeg", false),
            [".jpeg"] = ("image/jpeg", false),
            [".gif"] = ("image/gif", false),
            [".webp"] = ("image/webp", false),
            [".avif"] = ("image/avif", false),
            [".ico"] = ("image/x-icon", true),
            [".bmp"] = ("image/bmp", true),

            [".woff"] = ("font/woff", false),
            [".woff2"] = ("font/woff2", false),
            [".ttf"] = ("font/ttf", true),
            [".otf"] = ("font/otf", true),

            [".pdf"] = ("application/pdf", false),
            [".zip"] = ("application/zip", false),
            [".gz"] = ("application/gzip", false),
            [".br"] = (Unknown, false),
            [".tar"] = ("application/x-tar", true),

            [".mp4"] = ("video/mp4", false),
            [".webm"] = ("video/webm", false),
            [".ogv"] = ("video/ogg", false),
            [".mp3"] = ("audio/mpeg", false),
            [".ogg"] = ("audio/ogg", false),
            [".oga"] = ("audio/ogg", false),
            [".opus"] = ("audio/ogg", false),
            [".wav"] = ("audio/wav", true),
            [".flac"] = ("audio/flac", false),
            [".m4a"] = ("audio/mp4", false),
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Content-Type header value for a file name, and whether the content compresses well.</summary>
    public static (string Type, bool Compressible) For(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var known) ? known : (Unknown, false);
}
