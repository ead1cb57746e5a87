using System.Text;

namespace Porch.Tests.Forwarding;

/// <summary>The backend half of HTTP/1.1 by hand, for raw backends that misbehave on purpose.</summary>
internal static class RawHttp
{
    /// <summary>Reads a message head up to and including the blank line; returns it without the final CRLFs.</summary>
    public static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed inside a message head");
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head])[..^4];
    }
}
