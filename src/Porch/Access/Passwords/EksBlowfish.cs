using System.Buffers.Binary;

namespace Porch.Access.Passwords;

/// <summary>
/// The "expensive key schedule" Blowfish of bcrypt (Provos and Mazières, USENIX 1999, §4): Blowfish's state, keyed
/// with the salt and the password, then re-keyed 2^cost times alternately with the password and the salt.
/// </summary>
internal sealed class EksBlowfish
{
    private readonly uint[] p = new uint[18];
    private readonly uint[] s = new uint[1024];

    public EksBlowfish(int cost, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> key)
    {
        var pi = BlowfishPi.Words;
        pi[..18].CopyTo(p);
        pi[18..].CopyTo(s);
        ExpandKey(key, salt);
        var rounds = 1L << cost;
        for (var i = 0L; i < rounds; i++)
        {
            ExpandKey(key, []);
            ExpandKey(salt, []);
        }
    }

    /// <summary>One Blowfish block encryption: 16 Feistel rounds, then the final swap and whitening.</summary>
    public void Encrypt(ref uint left, ref uint right)
    {
        var l = left;
        var r = right;
        for (var i = 0; i < 16; i += 2)
        {
            l ^= p[i];
            r ^= F(l);
            r ^= p[i + 1];
            l ^= F(r);
        }

        left = r ^ p[17];
        right = l ^ p[16];
    }

    private uint F(uint x) =>
        ((s[x >> 24] + s[256 + ((x >> 16) & 0xff)]) ^ s[512 + ((x >> 8) & 0xff)]) + s[768 + (x & 0xff)];

    /// <summary>
    /// XORs the key, used cyclically, into P; then replaces P and the S-boxes with successive encryptions of a block
    /// that is first XORed with the next 64 bits of the salt (used cyclically), when there is one.
    /// </summary>
    private void ExpandKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        var keyAt = 0;
        for (var i = 0; i < 18; i++)
        {
            p[i] ^= NextWord(key, ref keyAt);
        }

        uint l = 0;
        uint r = 0;
        var saltAt = 0;
        for (var i = 0; i < 18; i += 2)
        {
            Mix(salt, ref saltAt, ref l, ref r);
            p[i] = l;
            p[i + 1] = r;
        }

        for (var i = 0; i < 1024; i += 2)
        {
            Mix(salt, ref saltAt, ref l, ref r);
            s[i] = l;
            s[i + 1] = r;
        }
    }

    private void Mix(ReadOnlySpan<byte> salt, ref int saltAt, ref uint l, ref uint r)
    {
        if (!salt.IsEmpty)
        {
            l ^= NextWord(salt, ref saltAt);
            r ^= NextWord(salt, ref saltAt);
        }

        Encrypt(ref l, ref r);
    }

    /// <summary>The next four bytes of <paramref name="data"/>, big-endian, wrapping around at its end.</summary>
    private static uint NextWord(ReadOnlySpan<byte> data, ref int at)
    {
        uint word = 0;
        for (var i = 0; i < 4; i++)
        {
            word = (word << 8) | data[at];
            at = (at + 1) % data.Length;
        }

        return word;
    }

    /// <summary>bcrypt's output: "OrpheanBeholderScryDoubt" encrypted 64 times in ECB mode, as 24 big-endian bytes.</summary>
    public byte[] EncryptMagic()
    {
        ReadOnlySpan<byte> magic = "OrpheanBeholderScryDoubt"u8;
        Span<uint> words = stackalloc uint[6];
        for (var i = 0; i < 6; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32BigEndian(magic[(4 * i)..]);
        }

        for (var round = 0; round < 64; round++)
        {
            for (var j = 0; j < 6; j += 2)
            {
                Encrypt(ref words[j], ref words[j + 1]);
            }
        }

        var output = new byte[24];
        for (var i = 0; i < 6; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(4 * i), words[i]);
        }

        return output;
    }
}
