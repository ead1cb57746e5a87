using System.Buffers.Binary;
using System.Numerics;

namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// CRC-32C (Castagnoli, RFC 3385 §4), as PP2_TYPE_CRC32C uses it: initial value and final XOR all ones.
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's instruction where there is one.
/// </summary>
internal static class Crc32C
{
    public const uint Initial = uint.MaxValue;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    public static uint Finish(uint crc) => ~crc;
}
