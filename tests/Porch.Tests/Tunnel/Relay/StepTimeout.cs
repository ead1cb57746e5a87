namespace Porch.Tests.Tunnel.Relay;

internal static class StepTimeout
{
    /// <summary>Waits at most <paramref name="bound"/>, failing with <paramref name="what"/> instead of hanging the run.</summary>
    public static async Task<T> WaitAsync<T>(this Task<T> task, TimeSpan bound, string what)
    {
        try
        {
            return await task.WaitAsync(bound);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what} within {bound.TotalSeconds} s", e);
        }
    }
}
