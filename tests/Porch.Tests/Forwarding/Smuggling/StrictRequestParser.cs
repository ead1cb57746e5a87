using System.Globalization;
using System.Text;

namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// A deliberately unforgiving HTTP/1.1 request parser for the bytes a backend received from Porch. What Porch sends
/// upstream must frame one way only, so anything a lenient server might read two ways is an error here: bare LF,
/// obsolete line folding, whitespace before the colon, control characters, a target that is not origin-form,
/// Content-Length that is not plain digits or comes twice, Transfer-Encoding other than one <c>chunked</c>, both at
/// once (RFC 9112 §6.1, §6.3, §11.2), chunk sizes beyond 16 hex digits and chunk extensions (Porch writes none).
/// </summary>
internal static class StrictRequestParser
{
    private const int MaxChunkSizeDigits = 16;

    public static StrictParse Parse(byte[] data)
    {
        var requests = new List<ParsedRequest>();
        var position = 0;
        while (position < data.Length)
        {
            var reader = new Reader(data, position);
            try
            {
                var request = ReadRequest(ref reader);
                if (request is null)
                {
                    return new StrictParse(requests, data.Length - position, null);
                }

                requests.Add(request);
                position = reader.Position;
            }
            catch (FormatException e)
            {
                return new StrictParse(requests, 0, $"request {requests.Count + 1} at byte {position}: {e.Message}");
            }
        }

        return new StrictParse(requests, 0, null);
    }

    /// <summary>The next request, or null when the bytes end before it does.</summary>
    private static ParsedRequest? ReadRequest(ref Reader reader)
    {
        if (reader.Line() is not { } requestLine)
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        if (parts.Length != 3)
        {
            throw new FormatException($"request line \"{Escape(requestLine)}\" is not method SP target SP version");
        }

        var (method, target, version) = (parts[0], parts[1], parts[2]);
        Require(method.Length > 0 && method.All(IsTokenChar), $"method \"{Escape(method)}\" is not a token");
        Require(target.StartsWith('/') && target.All(c => c is > ' ' and < '\x7f'), $"target \"{Escape(target)}\" is not origin-form");
        Require(version == "HTTP/1.1", $"version \"{Escape(version)}\" is not HTTP/1.1");

        if (ReadFields(ref reader) is not { } headers)
        {
            return null;
        }

        var request = new ParsedRequest(method, target, headers, Framing.None, []);
        Require(request.All("Host").Count == 1, "not exactly one Host");
        var lengths = request.All("Content-Length");
        var codings = request.All("Transfer-Encoding");
        Require(lengths.Count == 0 || codings.Count == 0, "both Content-Length and Transfer-Encoding");
        if (codings.Count > 0)
        {
            Require(codings is ["chunked"], $"Transfer-Encoding \"{Escape(string.Join(", ", codings))}\" is not one \"chunked\"");
            return ReadChunked(ref reader) is { } body ? request with { Framing = Framing.Chunked, Body = body } : null;
        }

        if (lengths.Count == 0)
        {
            return request;
        }

        Require(lengths.Count == 1 && lengths[0].Length is > 0 and <= 18 && lengths[0].All(char.IsAsciiDigit),
            $"Content-Length \"{Escape(string.Join(", ", lengths))}\" is not one decimal number");
        var length = int.Parse(lengths[0], CultureInfo.InvariantCulture);
        return reader.Bytes(length) is { } fixedBody ? request with { Framing = Framing.ContentLength, Body = fixedBody } : null;
    }

    /// <summary>Field lines up to the empty line (RFC 9112 §5), or null when the bytes end first.</summary>
    private static List<KeyValuePair<string, string>>? ReadFields(ref Reader reader)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (reader.Line() is { } line)
        {
            if (line.Length == 0)
            {
                return fields;
            }

            Require(line[0] is not (' ' or '\t'), "obsolete line folding");
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Require(colon > 0, $"field line \"{Escape(line)}\" has no name");
            var name = line[..colon];
            Require(name.All(IsTokenChar), $"field name \"{Escape(name)}\" is not a token");
            var value = line[(colon + 1)..].Trim(' ', '\t');
            Require(value.All(c => c is '\t' or (>= ' ' and not '\x7f')), $"field value of {name} has control characters");
            fields.Add(new(name, value));
        }

        return null;
    }

    /// <summary>A chunked body (RFC 9112 §7.1) without extensions, and its trailer section; null when incomplete.</summary>
    private static byte[]? ReadChunked(ref Reader reader)
    {
        var body = new List<byte>();
        while (true)
        {
            if (reader.Line() is not { } sizeLine)
            {
                return null;
            }

            Require(sizeLine.Length is > 0 and <= MaxChunkSizeDigits && sizeLine.All(char.IsAsciiHexDigit),
                $"chunk size line \"{Escape(sizeLine)}\" is not 1-{MaxChunkSizeDigits} hex digits");
            var size = long.Parse(sizeLine, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            Require(size is >= 0 and <= int.MaxValue, $"chunk size {sizeLine} is out of range");
            if (size == 0)
            {
                return ReadFields(ref reader) is null ? null : [.. body];
            }

            if (reader.Bytes((int)size) is not { } chunk || reader.Line() is not { } end)
            {
                return null;
            }

            Require(end.Length == 0, "chunk data is not followed by CRLF");
            body.AddRange(chunk);
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException(problem);
        }
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c is < ' ' or '\x7f' ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return escaped.ToString();
    }

    /// <summary>A cursor over the bytes; lines end only at CRLF.</summary>
    private ref struct Reader(byte[] data, int position)
    {
        public int Position { get; private set; } = position;

        /// <summary>The line up to CRLF (consumed), or null when no CRLF follows yet. A bare CR or LF is an error.</summary>
        public string? Line()
        {
            for (var i = Position; i < data.Length; i++)
            {
                if (data[i] == '\n')
                {
                    Require(i > Position && data[i - 1] == '\r', "bare LF");
                    var line = Encoding.Latin1.GetString(data, Position, i - 1 - Position);
                    Require(!line.Contains('\r', StringComparison.Ordinal), "bare CR");
                    Position = i + 1;
                    return line;
                }
            }

            return null;
        }

        public byte[]? Bytes(int count)
        {
            if (data.Length - Position < count)
            {
                return null;
            }

            var bytes = data.AsSpan(Position, count).ToArray();
            Position += count;
            return bytes;
        }
    }
}
