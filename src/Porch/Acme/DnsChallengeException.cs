namespace Porch.Acme;

/// <summary>
/// A DNS-01 provider could not publish or remove its record. <see cref="Exception.Message"/> is one line for the user:
/// what failed and what to do (e.g. "the server refused the update for key 'porch.': check the key secret").
/// </summary>
public sealed class DnsChallengeException : Exception
{
    public DnsChallengeException()
    {
    }

    public DnsChallengeException(string message)
        : base(message)
    {
    }

    public DnsChallengeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
