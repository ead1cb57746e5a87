namespace Porch.StaticFiles;

/// <summary>Why a request path is refused as an attempt to reach outside the root (each answered 404 and logged).</summary>
internal enum PathProblem
{
    /// <summary>Nothing wrong.</summary>
    None,

    /// <summary>A <c>.</c> or <c>..</c> segment, plain or percent-encoded (<c>%2e%2e</c>).</summary>
    DotSegment,

    /// <summary>A percent-encoded <c>/</c> or <c>\</c>: Kestrel keeps <c>%2F</c> encoded so it never splits a segment.</summary>
    EncodedSeparator,

    /// <summary>A backslash, the Windows separator.</summary>
    Backslash,

    /// <summary>A NUL byte (<c>%00</c>), which truncates paths in C APIs.</summary>
    NulByte,

    /// <summary>A control character (<c>%0a</c>...), never part of a served name and a log-injection tool.</summary>
    ControlCharacter,

    /// <summary>An escape left after decoding once (<c>%252e</c>): aimed at a second decoder behind the first.</summary>
    DoubleEncoding,

    /// <summary>Percent-encoded bytes that are not valid UTF-8, such as the overlong <c>%c0%ae</c> for <c>.</c>.</summary>
    InvalidUtf8,

    /// <summary>The path exists but, through a symbolic link, resolves to a file outside the root.</summary>
    OutsideRoot,
}
