using System.Buffers.Binary;
using System.Text;

namespace Porch.Wire.Dns;

/// <summary>
/// Decodes a whole message (RFC 1035 §4.1) from untrusted bytes: every length is checked against what is left, names
/// follow compression pointers only backwards (so a loop cannot form) and stop at 255 bytes, and counts never size an
/// allocation. Anything else is an error value, never an exception.
/// </summary>
internal static class DnsMessageReader
{
    /// <summary>Type, class, TTL and RDLENGTH after a record's name (RFC 1035 §4.1.3).</summary>
    private const int RecordFixedSize = 10;

    public static DnsReadResult Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < DnsHeader.Size)
        {
            return DnsReadResult.Failure($"the message is {message.Length} bytes, shorter than the {DnsHeader.Size}-byte header");
        }

        var header = DnsHeader.FromFlags(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
        var at = DnsHeader.Size;
        var questions = new List<DnsQuestion>();
        for (var i = 0; i < header.QuestionCount; i++)
        {
            if (!TryReadName(message, ref at, out var name, out var error))
            {
                return DnsReadResult.Failure($"question {i + 1}: {error}");
            }

            if (message.Length - at < 4)
            {
                return DnsReadResult.Failure($"question {i + 1} is cut short");
            }

            questions.Add(new DnsQuestion(name, (DnsType)BinaryPrimitives.ReadUInt16BigEndian(message[at..]), (DnsClass)BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..])));
            at += 4;
        }

        var sections = new List<DnsRecord>[3];
        ushort[] counts = [header.AnswerCount, header.AuthorityCount, header.AdditionalCount];
        TsigRecord? tsig = null;
        var tsigOffset = -1;
        for (var s = 0; s < 3; s++)
        {
            sections[s] = [];
            for (var i = 0; i < counts[s]; i++)
            {
                var start = at;
                if (!TryReadRecord(message, ref at, out var record, out var error))
                {
                    return DnsReadResult.Failure($"record {i + 1} of section {s + 2}: {error}");
                }

                if (record.Type != DnsType.TSIG)
                {
                    sections[s].Add(record);
                    continue;
                }

                // RFC 8945 §5.2: a TSIG record anywhere but last in the additional section makes the message malformed.
                if (s != 2 || i != counts[s] - 1)
                {
                    return DnsReadResult.Failure("a TSIG record is not the last record of the message");
                }

                // §4.2: CLASS MUST be ANY and TTL 0; neither is signed, so anything else is refused here.
                if (record.Class != DnsClass.ANY || record.Ttl != 0)
                {
                    return DnsReadResult.Failure("the TSIG record's class is not ANY or its TTL is not 0");
                }

                if (!TryReadTsig(message, record, at - record.Data.Length, out tsig, out error))
                {
                    return DnsReadResult.Failure("the TSIG record: " + error);
                }

                tsigOffset = start;
            }
        }

        return DnsReadResult.Success(new DnsMessage(header, questions, sections[0], sections[1], sections[2]) { Tsig = tsig, TsigOffset = tsigOffset });
    }

    /// <summary>Reads a possibly compressed name at <paramref name="at"/> and moves past it (RFC 1035 §4.1.4).</summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, ref int at, out string name, out string error)
    {
        name = "";
        error = "";
        var text = new StringBuilder();
        var wireLength = 1;
        var position = at;
        var end = -1;
        while (true)
        {
            if (position >= message.Length)
            {
                error = "a name runs past the end of the message";
                return false;
            }

            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    error = "a compression pointer is cut short";
                    return false;
                }

                var target = ((length & 0x3F) << 8) | message[position + 1];

                // Pointing strictly backwards, before the label that points, makes every chain finite.
                if (target >= position)
                {
                    error = "a compression pointer does not point backwards";
                    return false;
                }

                if (end < 0)
                {
                    end = position + 2;
                }

                position = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                error = $"a label starts with the reserved bits 0x{length & 0xC0:X2}";
                return false;
            }

            if (length == 0)
            {
                at = end < 0 ? position + 1 : end;
                name = text.Length == 0 ? "." : text.ToString();
                return true;
            }

            wireLength += length + 1;
            if (wireLength > DnsName.MaxWireLength)
            {
                error = $"a name is longer than {DnsName.MaxWireLength} bytes";
                return false;
            }

            if (position + 1 + length > message.Length)
            {
                error = "a label runs past the end of the message";
                return false;
            }

            if (text.Length > 0)
            {
                text.Append('.');
            }

            DnsName.AppendLabel(text, message.Slice(position + 1, length));
            position += 1 + length;
        }
    }

    private static bool TryReadRecord(ReadOnlySpan<byte> message, ref int at, out DnsRecord record, out string error)
    {
        record = null!;
        if (!TryReadName(message, ref at, out var name, out error))
        {
            return false;
        }

        if (message.Length - at < RecordFixedSize)
        {
            error = "the record is cut short";
            return false;
        }

        var type = (DnsType)BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
        var @class = (DnsClass)BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(at + 4)..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 8)..]);
        at += RecordFixedSize;
        if (message.Length - at < length)
        {
            error = $"its data length {length} runs past the end of the message";
            return false;
        }

        record = new DnsRecord(name, type, @class, ttl, message.Slice(at, length).ToArray());
        at += length;
        return true;
    }

    /// <summary>The TSIG RDATA (RFC 8945 §4.2); its algorithm name is read from the message so a pointer resolves.</summary>
    private static bool TryReadTsig(ReadOnlySpan<byte> message, DnsRecord record, int dataStart, out TsigRecord? tsig, out string error)
    {
        tsig = null;
        var dataEnd = dataStart + record.Data.Length;
        var at = dataStart;
        if (!TryReadName(message[..dataEnd], ref at, out var algorithm, out error))
        {
            return false;
        }

        var data = message[at..dataEnd];
        if (data.Length < 10)
        {
            error = "its data is cut short";
            return false;
        }

        var timeSigned = ((long)BinaryPrimitives.ReadUInt16BigEndian(data) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[2..]);
        var fudge = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        var macSize = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        data = data[10..];
        if (data.Length < macSize + 6)
        {
            error = "its MAC runs past its data";
            return false;
        }

        var mac = data[..macSize].ToArray();
        data = data[macSize..];
        var originalId = BinaryPrimitives.ReadUInt16BigEndian(data);
        var tsigError = (DnsRcode)BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        var otherLength = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        data = data[6..];
        if (data.Length != otherLength)
        {
            error = "its other-data length does not match its data";
            return false;
        }

        tsig = new TsigRecord(record.Name, algorithm, timeSigned, fudge, mac, originalId, tsigError, data.ToArray());
        return true;
    }
}
