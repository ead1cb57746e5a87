using System.Buffers.Binary;

namespace Porch.Wire.Tls;

/// <summary>Reads the length-prefixed vectors of the TLS presentation language (RFC 8446 §3.4) from a span.</summary>
internal ref struct TlsReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> rest = data;

    public readonly bool IsEmpty => rest.IsEmpty;

    public bool Skip(int count)
    {
        if (rest.Length < count)
        {
            return false;
        }

        rest = rest[count..];
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        value = 0;
        if (rest.IsEmpty)
        {
            return false;
        }

        value = rest[0];
        rest = rest[1..];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        value = 0;
        if (rest.Length < 2)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(rest);
        rest = rest[2..];
        return true;
    }

    /// <summary>A vector with a one-byte length: <c>opaque x&lt;0..2^8-1&gt;</c>.</summary>
    public bool TryReadVector8(out ReadOnlySpan<byte> value)
    {
        value = default;
        return TryReadByte(out var length) && TryTake(length, out value);
    }

    /// <summary>A vector with a two-byte length: <c>opaque x&lt;0..2^16-1&gt;</c>.</summary>
    public bool TryReadVector16(out ReadOnlySpan<byte> value)
    {
        value = default;
        return TryReadUInt16(out var length) && TryTake(length, out value);
    }

    private bool TryTake(int length, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (rest.Length < length)
        {
            return false;
        }

        value = rest[..length];
        rest = rest[length..];
        return true;
    }
}
