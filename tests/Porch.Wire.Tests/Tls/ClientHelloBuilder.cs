using System.Buffers.Binary;
using System.Text;

namespace Porch.Wire.Tests.Tls;

/// <summary>Writes ClientHello messages by the RFC 8446 §4.1.2 grammar, so tests control every field.</summary>
internal static class ClientHelloBuilder
{
    public static byte[] Build(string? serverName, IReadOnlyList<string> protocols, int recordSize = 16384, byte[]? extraExtension = null)
    {
        var extensions = new List<byte>();
        if (serverName is not null)
        {
            var name = Encoding.ASCII.GetBytes(serverName);
            var entry = Concat([0], U16(name.Length), name);
            extensions.AddRange(Extension(0, Concat(U16(entry.Length), entry)));
        }

        if (protocols.Count > 0)
        {
            var list = protocols.SelectMany(p => Concat([(byte)Encoding.Latin1.GetByteCount(p)], Encoding.Latin1.GetBytes(p))).ToArray();
            extensions.AddRange(Extension(16, Concat(U16(list.Length), list)));
        }

        if (extraExtension is not null)
        {
            extensions.AddRange(extraExtension);
        }

        var body = Concat(
            [3, 3], new byte[32], [0], U16(4), [0x13, 0x01, 0x13, 0x02], [1, 0],
            U16(extensions.Count), [.. extensions]);
        var handshake = Concat([1, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length], body);
        return Records(handshake, recordSize);
    }

    public static byte[] Extension(ushort type, byte[] data) => Concat(U16(type), U16(data.Length), data);

    /// <summary>Splits a handshake message into records of at most <paramref name="recordSize"/> bytes (RFC 8446 §5.1).</summary>
    public static byte[] Records(byte[] handshake, int recordSize)
    {
        var output = new List<byte>();
        for (var offset = 0; offset < handshake.Length; offset += recordSize)
        {
            var length = Math.Min(recordSize, handshake.Length - offset);
            output.AddRange(Concat([22, 3, 1], U16(length), handshake.AsSpan(offset, length).ToArray()));
        }

        return [.. output];
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
