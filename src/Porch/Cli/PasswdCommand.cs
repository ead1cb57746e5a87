using System.CommandLine;
using Porch.Access.Passwords;
using Porch.Hosting;

namespace Porch.Cli;

/// <summary>
/// <c>porch passwd USER</c>: prints <c>USER:$pbkdf2-sha256$i=600000$SALT$HASH</c>, a line for <c>access.users</c> or an
/// htpasswd file. The password comes from PORCH_PASSWORD or a hidden prompt.
/// </summary>
internal static class PasswdCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, PasswordInput? input = null)
    {
        var user = new Argument<string>("USER") { Description = "The user name (no colon)" };
        var command = new Command("passwd", $"Print a password hash line (PBKDF2-SHA256, {Pbkdf2Hash.DefaultIterations} iterations) for \"users\" or an htpasswd file")
        {
            user,
        };
        command.Validators.Add(result =>
        {
            if (UserName.Problem(result.GetValue(user)) is { } problem)
            {
                result.AddError($"USER {problem}");
            }
        });
        command.SetAction(result =>
        {
            var name = result.GetValue(user)!;
            var password = (input ?? PasswordInput.FromConsole(stderr)).Read(name, "passwd");
            if (password is null)
            {
                return PorchRunner.ExitInvalidConfig;
            }

            stdout.WriteLine($"{name}:{Pbkdf2Hash.Create(password)}");
            return PorchRunner.ExitOk;
        });
        return command;
    }
}
