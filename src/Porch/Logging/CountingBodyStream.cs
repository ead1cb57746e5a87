namespace Porch.Logging;

/// <summary>The response body stream as the application sees it: forwards to the server's, counting bytes.</summary>
internal sealed class CountingBodyStream(CountingResponseBody owner) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    private Stream Inner => owner.Inner.Stream;

    public override void Write(byte[] buffer, int offset, int count)
    {
        owner.Count(count);
        Inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        owner.Count(buffer.Length);
        Inner.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        owner.Count(1);
        Inner.WriteByte(value);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        owner.Count(count);
        return Inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        owner.Count(buffer.Length);
        return Inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => Inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
