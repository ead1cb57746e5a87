namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>The bytes one upstream connection carried, and whether it has ended.</summary>
internal sealed class RecordedConnection
{
    private readonly Lock gate = new();
    private readonly MemoryStream bytes = new();
    private bool closed;

    public bool Closed
    {
        get
        {
            lock (gate)
            {
                return closed;
            }
        }
    }

    public byte[] Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes.ToArray();
            }
        }
    }

    public StrictParse Parse() => StrictRequestParser.Parse(Bytes);

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            bytes.Write(data);
        }
    }

    public void Close()
    {
        lock (gate)
        {
            closed = true;
        }
    }
}
