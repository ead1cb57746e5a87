using System.Text;

namespace Porch.Tests.Logging;

/// <summary>An output that hangs on every write until released, like a stalled disk; then records what it got.</summary>
internal sealed class BlockingTextWriter : TextWriter
{
    private readonly ManualResetEventSlim released = new(false);
    private readonly StringBuilder text = new();
    private int blockedWrites;

    public override Encoding Encoding => Encoding.ASCII;

    /// <summary>True once a write is waiting on <see cref="Release"/>.</summary>
    public bool IsBlocked => Volatile.Read(ref blockedWrites) > 0;

    public void Release() => released.Set();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        Interlocked.Increment(ref blockedWrites);
        released.Wait(TimeSpan.FromSeconds(60));
        lock (text)
        {
            text.Append(value);
        }
    }

    public string[] Lines()
    {
        lock (text)
        {
            return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            released.Dispose();
        }

        base.Dispose(disposing);
    }
}
