namespace Porch.Cli;

/// <summary>What a user name for Basic authentication may be: RFC 7617 §2 forbids the colon and control characters.</summary>
internal static class UserName
{
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty; give a user name such as \"alice\"";
        }

        return name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsControl) || name.Any(char.IsWhiteSpace)
            ? $"\"{name}\" may not contain a colon, spaces or control characters; choose a name such as \"alice\""
            : null;
    }
}
