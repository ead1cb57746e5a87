namespace Porch.Tunnel.Relay;

/// <summary>Token names: short identifiers a person types (<c>laptop</c>, <c>ci-runner.2</c>), shown in logs and status pages.</summary>
internal static class TokenStoreName
{
    public const int MaxLength = 64;

    /// <summary>What is wrong with <paramref name="name"/> and what would do, or null when it is a good token name.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return $"\"{name}\" must be 1 to {MaxLength} characters: letters, digits, '-', '_' and '.', such as \"laptop\"";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return $"\"{name}\" may contain only letters, digits, '-', '_' and '.', such as \"laptop\"";
            }
        }

        return null;
    }
}
