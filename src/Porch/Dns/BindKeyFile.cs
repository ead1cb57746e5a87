using System.Text.RegularExpressions;
using Porch.Wire.Dns;

namespace Porch.Dns;

/// <summary>
/// Reads the TSIG keys of a BIND key file, as <c>tsig-keygen NAME</c> writes it and named.conf includes it:
/// <c>key "NAME" { algorithm hmac-sha256; secret "BASE64"; };</c> — several keys allowed, comments (#, //, /* */) ignored.
/// </summary>
internal static partial class BindKeyFile
{
    public static IReadOnlyList<TsigKey> Parse(string text, out string? error)
    {
        error = null;
        var keys = new List<TsigKey>();
        // Quoted strings are matched first and kept, so a "//" inside a base64 secret is not taken for a comment.
        var source = Comments().Replace(text, m => m.Groups["quoted"].Success ? m.Value : " ");
        foreach (Match key in KeyStatement().Matches(source))
        {
            var name = key.Groups["name"].Value;
            var body = key.Groups["body"].Value;
            var algorithm = Algorithm().Match(body);
            var secret = Secret().Match(body);
            if (!algorithm.Success || !secret.Success)
            {
                error = $"key \"{name}\" has no {(algorithm.Success ? "secret" : "algorithm")} statement";
                return [];
            }

            if (!TsigAlgorithms.TryParse(algorithm.Groups[1].Value, out var parsed))
            {
                error = $"key \"{name}\" uses algorithm {algorithm.Groups[1].Value}; Porch supports {TsigAlgorithms.Supported}";
                return [];
            }

            if (!TryBase64(secret.Groups[1].Value, out var bytes))
            {
                error = $"the secret of key \"{name}\" is not base64";
                return [];
            }

            if (DnsName.Validate(name) is { } nameError)
            {
                error = $"key \"{name}\" is not a valid key name: {nameError}";
                return [];
            }

            keys.Add(new TsigKey(name, parsed.Value, bytes));
        }

        if (keys.Count == 0)
        {
            error = "it holds no key statement like key \"NAME\" { algorithm hmac-sha256; secret \"BASE64\"; };";
        }

        return keys;
    }

    public static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = [];
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var buffer = new byte[compact.Length];
        if (compact.Length == 0 || !Convert.TryFromBase64String(compact, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    [GeneratedRegex(@"(?<quoted>""[^""]*"")|#[^\n]*|//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"\bkey\s+""?(?<name>[^""\s{]+)""?\s*\{(?<body>[^}]*)\}\s*;")]
    private static partial Regex KeyStatement();

    [GeneratedRegex(@"\balgorithm\s+""?([A-Za-z0-9.-]+)""?\s*;")]
    private static partial Regex Algorithm();

    [GeneratedRegex(@"\bsecret\s+""([^""]*)""\s*;")]
    private static partial Regex Secret();
}
