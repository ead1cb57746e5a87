using System.Text;

namespace Porch.Cli;

/// <summary>
/// Where a password typed for Porch comes from: <c>PORCH_PASSWORD</c> when set (scripts, services), else a prompt on
/// the terminal that does not echo. Says which one it used, and refuses an empty password.
/// </summary>
internal sealed class PasswordInput(TextWriter stderr, Func<string, string?> environment, Func<string, string?>? prompt)
{
    public const string Variable = "PORCH_PASSWORD";

    /// <summary>The real one: the process environment and, when standard input is a terminal, a hidden prompt.</summary>
    public static PasswordInput FromConsole(TextWriter stderr) =>
        new(stderr, Environment.GetEnvironmentVariable, Console.IsInputRedirected ? null : label => ReadHidden(stderr, label));

    /// <summary>The password for <paramref name="user"/>, or null after saying on standard error what is missing.</summary>
    public string? Read(string user, string purpose)
    {
        var fromEnvironment = environment(Variable);
        if (fromEnvironment is not null)
        {
            if (fromEnvironment.Length == 0)
            {
                stderr.WriteLine($"porch: {Variable} is set but empty; an empty password is refused. Set it to the password for {user}.");
                return null;
            }

            stderr.WriteLine($"porch: {purpose}: using the password for \"{user}\" from {Variable}.");
            return fromEnvironment;
        }

        if (prompt is null)
        {
            stderr.WriteLine($"porch: {purpose} needs a password for \"{user}\": set {Variable}, or run porch in a terminal to type it.");
            return null;
        }

        var first = prompt($"Password for {user}: ");
        if (string.IsNullOrEmpty(first))
        {
            stderr.WriteLine("porch: an empty password is refused; run again and type one.");
            return null;
        }

        if (prompt("Again: ") != first)
        {
            stderr.WriteLine("porch: the two passwords differ; run again.");
            return null;
        }

        stderr.WriteLine($"porch: {purpose}: using the password for \"{user}\" typed at the prompt.");
        return first;
    }

    /// <summary>Reads a line without echoing it; null at the end of input.</summary>
    private static string? ReadHidden(TextWriter stderr, string label)
    {
        stderr.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                stderr.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
