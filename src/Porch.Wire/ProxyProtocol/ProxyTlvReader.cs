using System.Buffers.Binary;

namespace Porch.Wire.ProxyProtocol;

/// <summary>The framing shared by TLVs and SSL sub-TLVs: a type byte, a 2-byte big-endian length, the value.</summary>
internal static class ProxyTlvReader
{
    public const int HeaderLength = 3;

    /// <summary>
    /// Reads the TLV at <paramref name="offset"/> and moves past it; false with a reason when the bytes left cannot
    /// hold its header or the value its length promises.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> block, ref int offset, out byte type, out int start, out int length, out string? error)
    {
        type = 0;
        start = 0;
        length = 0;
        error = null;
        var left = block.Length - offset;
        if (left < HeaderLength)
        {
            error = $"a TLV is cut off: {left} byte(s) left where a TLV needs at least {HeaderLength}";
            return false;
        }

        type = block[offset];
        length = BinaryPrimitives.ReadUInt16BigEndian(block[(offset + 1)..]);
        if (length > left - HeaderLength)
        {
            error = $"TLV 0x{type:X2} says its value has {length} byte(s) but only {left - HeaderLength} remain";
            return false;
        }

        start = offset + HeaderLength;
        offset = start + length;
        return true;
    }

    public static int EncodedLength(IReadOnlyList<ProxyTlv> tlvs)
    {
        var total = 0;
        foreach (var tlv in tlvs)
        {
            total += HeaderLength + tlv.Value.Length;
        }

        return total;
    }

    /// <summary>Writes the TLVs in order; returns the bytes written. Each value must fit a 16-bit length.</summary>
    public static int Write(IReadOnlyList<ProxyTlv> tlvs, Span<byte> destination)
    {
        var offset = 0;
        foreach (var tlv in tlvs)
        {
            if (tlv.Value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"TLV 0x{tlv.Type:X2} has {tlv.Value.Length} bytes; at most {ushort.MaxValue} fit", nameof(tlvs));
            }

            destination[offset] = tlv.Type;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 1)..], (ushort)tlv.Value.Length);
            tlv.Value.Span.CopyTo(destination[(offset + HeaderLength)..]);
            offset += HeaderLength + tlv.Value.Length;
        }

        return offset;
    }
}
