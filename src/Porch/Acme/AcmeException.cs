namespace Porch.Acme;

/// <summary>
/// An ACME step failed. <see cref="Exception.Message"/> is one line for the user: what failed, the CA's problem
/// document when it sent one, and what to do.
/// </summary>
public sealed class AcmeException : Exception
{
    public AcmeException()
    {
    }

    public AcmeException(string message)
        : base(message)
    {
    }

    public AcmeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal AcmeException(string message, AcmeProblem? problem, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>The CA's problem document, when the failure came with one.</summary>
    internal AcmeProblem? Problem { get; }

    /// <summary>When the CA said to come back (Retry-After, RFC 8555 §6.6), e.g. after rateLimited.</summary>
    public TimeSpan? RetryAfter { get; }
}
