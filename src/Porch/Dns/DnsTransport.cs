using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Porch.Dns;

/// <summary>
/// Sends one request and returns the raw bytes of its response: over UDP, retried on timeout, and over TCP when the
/// answer comes back truncated (TC) or the request is too large for a plain UDP datagram (RFC 1035 §4.2, RFC 7766).
/// </summary>
internal static class DnsTransport
{
    /// <summary>Without EDNS, UDP messages are limited to 512 bytes (RFC 1035 §4.2.1); Porch's requests carry no OPT.</summary>
    public const int MaxUdpSize = 512;

    private const int MaxTcpMessage = ushort.MaxValue;

    public static async Task<DnsTransportAnswer> ExchangeAsync(IPEndPoint server, byte[] request, TimeSpan timeout, int attempts, CancellationToken cancellationToken)
    {
        if (request.Length > MaxUdpSize)
        {
            return await TcpAsync(server, request, timeout, cancellationToken);
        }

        var udp = await UdpAsync(server, request, timeout, attempts, cancellationToken);
        if (udp.Bytes is { } bytes && IsTruncated(bytes))
        {
            return await TcpAsync(server, request, timeout, cancellationToken);
        }

        return udp;
    }

    private static bool IsTruncated(byte[] response) => response.Length >= 3 && (response[2] & 0x02) != 0;

    private static async Task<DnsTransportAnswer> UdpAsync(IPEndPoint server, byte[] request, TimeSpan timeout, int attempts, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var buffer = new byte[MaxTcpMessage];
        try
        {
            // Connected, so the kernel drops datagrams from anyone else and reports ICMP port unreachable.
            await socket.ConnectAsync(server, cancellationToken);
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                await socket.SendAsync(request, SocketFlags.None, cancellationToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(timeout);
                try
                {
                    while (true)
                    {
                        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);

                        // A late answer to an earlier attempt has the same ID and is as good; anything else is dropped.
                        if (length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == BinaryPrimitives.ReadUInt16BigEndian(request))
                        {
                            return new DnsTransportAnswer(buffer[..length], DnsExchangeStatus.Answered, "");
                        }
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // This attempt timed out; the next one sends the request again.
                }
            }
        }
        catch (SocketException e)
        {
            return Unreachable(server, e);
        }

        return new DnsTransportAnswer(null, DnsExchangeStatus.Timeout, $"no answer from {server} over UDP after {attempts} attempts of {timeout.TotalSeconds:0.#} s");
    }

    private static async Task<DnsTransportAnswer> TcpAsync(IPEndPoint server, byte[] request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(server, wait.Token);
            var framed = new byte[2 + request.Length];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
            request.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, wait.Token);
            var prefix = new byte[2];
            if (!await ReadExactlyAsync(socket, prefix, wait.Token))
            {
                return new DnsTransportAnswer(null, DnsExchangeStatus.BadResponse, $"{server} closed the TCP connection without an answer");
            }

            var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            return await ReadExactlyAsync(socket, response, wait.Token)
                ? new DnsTransportAnswer(response, DnsExchangeStatus.Answered, "")
                : new DnsTransportAnswer(null, DnsExchangeStatus.BadResponse, $"{server} closed the TCP connection in the middle of its answer");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DnsTransportAnswer(null, DnsExchangeStatus.Timeout, $"no answer from {server} over TCP within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return Unreachable(server, e);
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }

    private static DnsTransportAnswer Unreachable(IPEndPoint server, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused or SocketError.ConnectionReset =>
            new DnsTransportAnswer(null, DnsExchangeStatus.Unreachable, $"nothing answers DNS at {server} (connection refused)"),
        _ => new DnsTransportAnswer(null, DnsExchangeStatus.Unreachable, $"cannot reach {server}: {e.Message}"),
    };
}
