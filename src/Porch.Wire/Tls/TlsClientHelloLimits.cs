namespace Porch.Wire.Tls;

/// <summary>Bounds that keep a peeked ClientHello from holding a connection's memory hostage.</summary>
internal static class TlsClientHelloLimits
{
    /// <summary>
    /// Largest ClientHello accepted (handshake body, all records together). Real ones are a few hundred bytes to about
    /// 2 KiB with post-quantum key shares; a handshake message may span records (RFC 8446 §5.1), so allow a few.
    /// </summary>
    public const int MaxHandshakeLength = 16 * 1024;

    /// <summary>Largest TLSPlaintext fragment (RFC 8446 §5.1: 2^14 bytes).</summary>
    public const int MaxRecordLength = 16 * 1024;

    /// <summary>Record header: type (1), legacy_record_version (2), length (2).</summary>
    public const int RecordHeaderLength = 5;

    /// <summary>Most ALPN protocol names kept; a list longer than this is not a browser's or an ACME server's.</summary>
    public const int MaxProtocols = 32;
}
