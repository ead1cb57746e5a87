namespace Porch.Tests.Support;

internal static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until it holds or the bound passes; whether it held.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        do
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }
}
