using System.Text;

namespace Porch.Wire.Htcpcp;

/// <summary>
/// The Alternates header field of RFC 2295 §8.3 as RFC 7168 §2.1.1 uses it to offer tea varieties:
/// <c>{"/darjeeling" {type message/teapot}}, {"/earl-grey" {type message/teapot}}</c>.
/// </summary>
internal static class AlternatesHeader
{
    public const string HeaderName = "Alternates";

    public static string Format(IEnumerable<Alternate> alternates)
    {
        var text = new StringBuilder();
        foreach (var alternate in alternates)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append("{\"").Append(alternate.Uri).Append("\" {type ").Append(alternate.Type).Append("}}");
        }

        return text.ToString();
    }

    /// <summary>Reads the variants back; elements that are not <c>{"uri" {type t}}</c> are skipped.</summary>
    public static IReadOnlyList<Alternate> Parse(string? value)
    {
        var result = new List<Alternate>();
        var position = 0;
        while (value is not null && position < value.Length)
        {
            var open = value.IndexOf("{\"", position, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            var quote = value.IndexOf('"', open + 2);
            var close = quote < 0 ? -1 : value.IndexOf("}}", quote, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            var uri = value[(open + 2)..quote];
            var attributes = value[(quote + 1)..close].Trim().TrimStart('{');
            var type = attributes.StartsWith("type ", StringComparison.Ordinal) ? attributes[5..].Trim() : "";
            result.Add(new Alternate(uri, type));
            position = close + 2;
        }

        return result;
    }
}
