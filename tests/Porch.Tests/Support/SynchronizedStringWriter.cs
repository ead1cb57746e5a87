using System.Text;

namespace Porch.Tests.Support;

/// <summary>A TextWriter the server's background log writer and the test can share safely.</summary>
internal sealed class SynchronizedStringWriter : TextWriter
{
    private readonly StringBuilder text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (text)
        {
            text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (text)
        {
            text.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (text)
        {
            text.Append(value).Append('\n');
        }
    }

    public string[] Lines()
    {
        lock (text)
        {
            return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    /// <summary>Waits until a line matching <paramref name="match"/> was written (the log is written in the background).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            var line = Lines().FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("No matching log line. Log so far:\n" + string.Join('\n', Lines()));
    }
}
