using System.Net.Security;
using System.Security.Authentication;
using Porch.Wire.Tls;

namespace Porch.Wire.Tests.Tls;

public class TlsClientHelloParserTests
{
    [Fact]
    public void TryParse_SniAndAlpn_ReadsBoth()
    {
        var status = TlsClientHelloParser.TryParse(ClientHelloBuilder.Build("Example.COM", ["h2", "http/1.1"]), out var hello);

        Assert.Equal(TlsClientHelloStatus.Complete, status);
        Assert.Equal("example.com", hello!.ServerName);
        Assert.Equal(["h2", "http/1.1"], hello.Protocols);
        Assert.False(hello.IsAcmeTlsAlpn01);
    }

    [Fact]
    public void TryParse_OnlyAcmeTls_IsTlsAlpn01Validation()
    {
        TlsClientHelloParser.TryParse(ClientHelloBuilder.Build("a.test", ["acme-tls/1"]), out var hello);

        Assert.True(hello!.IsAcmeTlsAlpn01);
    }

    [Fact]
    public void TryParse_AcmeTlsAmongOthers_IsNotValidation()
    {
        TlsClientHelloParser.TryParse(ClientHelloBuilder.Build("a.test", ["acme-tls/1", "h2"]), out var hello);

        Assert.False(hello!.IsAcmeTlsAlpn01);
    }

    [Fact]
    public void TryParse_NoExtensions_CompleteWithNothing()
    {
        var status = TlsClientHelloParser.TryParse(ClientHelloBuilder.Build(null, []), out var hello);

        Assert.Equal(TlsClientHelloStatus.Complete, status);
        Assert.Null(hello!.ServerName);
        Assert.Empty(hello.Protocols);
    }

    [Fact]
    public void TryParse_PlainHttp_NotTls()
    {
        Assert.Equal(TlsClientHelloStatus.NotTls, TlsClientHelloParser.TryParse("GET / HTTP/1.1\r\n"u8, out _));
    }

    [Fact]
    public void TryParse_SpreadOverSmallRecords_SameAnswer()
    {
        var status = TlsClientHelloParser.TryParse(ClientHelloBuilder.Build("split.test", ["h2"], recordSize: 3), out var hello);

        Assert.Equal(TlsClientHelloStatus.Complete, status);
        Assert.Equal("split.test", hello!.ServerName);
    }

    [Fact]
    public void TryParse_DuplicateServerName_Invalid()
    {
        var sni = ClientHelloBuilder.Extension(0, [0, 6, 0, 0, 3, (byte)'a', (byte)'.', (byte)'b']);
        Assert.Equal(TlsClientHelloStatus.Invalid, TlsClientHelloParser.TryParse(ClientHelloBuilder.Build("x.test", [], extraExtension: sni), out _));
    }

    [Theory]
    [InlineData("bad name.test")]
    [InlineData("trailing.dot.")]
    [InlineData("nul\0.test")]
    public void TryParse_ServerNameNotAHostName_Invalid(string name)
    {
        Assert.Equal(TlsClientHelloStatus.Invalid, TlsClientHelloParser.TryParse(ClientHelloBuilder.Build(name, []), out _));
    }

    [Fact]
    public void TryParse_EmptyProtocolName_Invalid()
    {
        Assert.Equal(TlsClientHelloStatus.Invalid, TlsClientHelloParser.TryParse(ClientHelloBuilder.Build("a.test", ["h2", ""]), out _));
    }

    [Fact]
    public void TryParse_HandshakeOverLimit_InvalidBeforeAllBytesArrive()
    {
        byte[] header = [22, 3, 1, 0, 4, 1, 0x01, 0x00, 0x00];

        Assert.Equal(TlsClientHelloStatus.Invalid, TlsClientHelloParser.TryParse(header, out _));
    }

    [Fact]
    public void TryParse_OtherHandshakeMessage_Invalid()
    {
        byte[] serverHello = [22, 3, 3, 0, 4, 2, 0, 0, 0];

        Assert.Equal(TlsClientHelloStatus.Invalid, TlsClientHelloParser.TryParse(serverHello, out _));
    }

    /// <summary>The ClientHello the platform's TLS stack (OpenSSL under SslStream) really sends.</summary>
    [Fact]
    public async Task TryParse_RealSslStreamClientHello_ReadsSniAndAlpn()
    {
        var bytes = await CaptureClientHello("real.example", [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]);

        var status = TlsClientHelloParser.TryParse(bytes, out var hello);

        Assert.Equal(TlsClientHelloStatus.Complete, status);
        Assert.Equal("real.example", hello!.ServerName);
        Assert.Equal(["h2", "http/1.1"], hello.Protocols);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(TlsClientHelloStatus.Incomplete, TlsClientHelloParser.TryParse(bytes.AsSpan(0, cut), out _));
        }
    }

    private static async Task<byte[]> CaptureClientHello(string host, List<SslApplicationProtocol> protocols)
    {
        var capture = new CaptureStream();
        using var ssl = new SslStream(capture);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = protocols,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        await Assert.ThrowsAnyAsync<Exception>(() => ssl.AuthenticateAsClientAsync(options));
        return capture.Written.ToArray();
    }

    /// <summary>Keeps what the client writes and answers its reads with end of stream, so the handshake stops after the hello.</summary>
    private sealed class CaptureStream : Stream
    {
        public MemoryStream Written { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
    }
}
