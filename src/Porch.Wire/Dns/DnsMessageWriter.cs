using System.Buffers;
using System.Buffers.Binary;

namespace Porch.Wire.Dns;

/// <summary>
/// Writes a message section by section. Names are written uncompressed: compression is optional for a sender
/// (RFC 1035 §4.1.4), and TSIG signs names in their uncompressed form anyway (RFC 8945 §4.3.3).
/// </summary>
internal sealed class DnsMessageWriter
{
    private readonly ArrayBufferWriter<byte> output = new(512);

    public int Length => output.WrittenCount;

    public ReadOnlySpan<byte> Written => output.WrittenSpan;

    public DnsMessageWriter Header(DnsHeader header)
    {
        var span = output.GetSpan(DnsHeader.Size);
        BinaryPrimitives.WriteUInt16BigEndian(span, header.Id);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], header.Flags);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], header.QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], header.AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], header.AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], header.AdditionalCount);
        output.Advance(DnsHeader.Size);
        return this;
    }

    public DnsMessageWriter Question(DnsQuestion question)
    {
        Bytes(DnsName.ToWire(question.Name));
        UInt16((ushort)question.Type);
        UInt16((ushort)question.Class);
        return this;
    }

    public DnsMessageWriter Record(DnsRecord record)
    {
        if (record.Data.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"the data of a {record.Type} record for {record.Name} is longer than {ushort.MaxValue} bytes", nameof(record));
        }

        Bytes(DnsName.ToWire(record.Name));
        UInt16((ushort)record.Type);
        UInt16((ushort)record.Class);
        UInt32(record.Ttl);
        UInt16((ushort)record.Data.Length);
        Bytes(record.Data.Span);
        return this;
    }

    public DnsMessageWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        return this;
    }

    public DnsMessageWriter UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
        return this;
    }

    public DnsMessageWriter UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
        return this;
    }

    /// <summary>A 48-bit unsigned integer, as TSIG's Time Signed (RFC 8945 §4.2).</summary>
    public DnsMessageWriter UInt48(long value)
    {
        UInt16((ushort)(value >> 32));
        return UInt32((uint)value);
    }

    public byte[] ToArray() => output.WrittenSpan.ToArray();

    /// <summary>A whole message: header counts taken from the sections.</summary>
    public static byte[] Encode(DnsHeader header, IReadOnlyList<DnsQuestion> questions, IReadOnlyList<DnsRecord> answers, IReadOnlyList<DnsRecord> authority, IReadOnlyList<DnsRecord> additional)
    {
        var writer = new DnsMessageWriter().Header(header with
        {
            QuestionCount = checked((ushort)questions.Count),
            AnswerCount = checked((ushort)answers.Count),
            AuthorityCount = checked((ushort)authority.Count),
            AdditionalCount = checked((ushort)additional.Count),
        });
        foreach (var q in questions)
        {
            writer.Question(q);
        }

        foreach (var r in answers.Concat(authority).Concat(additional))
        {
            writer.Record(r);
        }

        return writer.ToArray();
    }
}
