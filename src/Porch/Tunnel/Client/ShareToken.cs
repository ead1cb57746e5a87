namespace Porch.Tunnel.Client;

/// <summary>
/// Where the relay token comes from: <c>--token</c>, <c>--token-file FILE</c> or the <c>PORCH_TOKEN</c> variable (the
/// last two keep it out of <c>ps</c> and shell history). Errors are values naming every way to give one.
/// </summary>
internal static class ShareToken
{
    public const string Variable = "PORCH_TOKEN";

    public static (string? Token, string? Error) Resolve(string? option, FileInfo? file, Func<string, string?> environment)
    {
        if (option is not null && file is not null)
        {
            return (null, "--token and --token-file both give the token; keep one");
        }

        if (option is not null)
        {
            return Checked(option.Trim(), "--token");
        }

        if (file is not null)
        {
            try
            {
                return Checked(File.ReadAllText(file.FullName).Trim(), $"--token-file {file.FullName}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, $"--token-file {file.FullName} cannot be read ({e.Message}); give the path of a file holding the token");
            }
        }

        if (environment(Variable) is { } fromEnvironment)
        {
            return Checked(fromEnvironment.Trim(), Variable);
        }

        return (null, $"no relay token: pass --token TOKEN, --token-file FILE or set {Variable} (the relay's owner makes one with `porch relay token add NAME`)");
    }

    private static (string? Token, string? Error) Checked(string token, string source)
    {
        if (token.Length == 0)
        {
            return (null, $"{source} is empty; it must hold the token from `porch relay token add NAME`");
        }

        // The token goes into an Authorization header (RFC 9110 §11.6.2): no spaces or control characters.
        if (token.Any(c => c is <= ' ' or >= (char)0x7f))
        {
            return (null, $"{source} holds spaces or control characters; a relay token is one word of letters and digits");
        }

        return (token, null);
    }
}
