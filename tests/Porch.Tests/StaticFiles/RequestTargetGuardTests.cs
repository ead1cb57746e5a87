using Porch.StaticFiles;

namespace Porch.Tests.StaticFiles;

public class RequestTargetGuardTests
{
    [Theory]
    [InlineData("/../etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("/a/../../etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("/./index.html", nameof(PathProblem.DotSegment))]
    [InlineData("/sub/..", nameof(PathProblem.DotSegment))]
    [InlineData("/%2e%2e/%2e%2e/etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("/%2E%2E/etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("/.%2e/etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("/%2e./etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("/%2e/index.html", nameof(PathProblem.DotSegment))]
    [InlineData("/a/%2e%2e?x=/ok", nameof(PathProblem.DotSegment))]
    [InlineData("http://example.com/../etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("http://example.com/%2e%2e/etc/passwd", nameof(PathProblem.DotSegment))]
    [InlineData("/..%2f..%2fetc/passwd", nameof(PathProblem.EncodedSeparator))]
    [InlineData("/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", nameof(PathProblem.EncodedSeparator))]
    [InlineData("/a%2fb", nameof(PathProblem.EncodedSeparator))]
    [InlineData("/%2f%2fetc/passwd", nameof(PathProblem.EncodedSeparator))]
    [InlineData("/..\\..\\etc\\passwd", nameof(PathProblem.Backslash))]
    [InlineData("/..%5c..%5cetc/passwd", nameof(PathProblem.Backslash))]
    [InlineData("/a%5Cb", nameof(PathProblem.Backslash))]
    [InlineData("/index.html%00.txt", nameof(PathProblem.NulByte))]
    [InlineData("/%00", nameof(PathProblem.NulByte))]
    [InlineData("/a%0d%0aSet-Cookie:x", nameof(PathProblem.ControlCharacter))]
    [InlineData("/a%09b", nameof(PathProblem.ControlCharacter))]
    [InlineData("/a%7fb", nameof(PathProblem.ControlCharacter))]
    [InlineData("/%252e%252e/etc/passwd", nameof(PathProblem.DoubleEncoding))]
    [InlineData("/%252E%252E%252Fetc%252Fpasswd", nameof(PathProblem.DoubleEncoding))]
    [InlineData("/..%252f..%252fetc/passwd", nameof(PathProblem.DoubleEncoding))]
    [InlineData("/%25%32%65%25%32%65/etc/passwd", nameof(PathProblem.DoubleEncoding))]
    [InlineData("/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/%c0%af", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/%e0%80%ae", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/%f0%80%80%ae", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/%c1%9c", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/%ed%a0%80", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/%ff", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/%c3", nameof(PathProblem.InvalidUtf8))]
    public void InspectRawTarget_TraversalForms_AreRefused(string target, string expected) =>
        Assert.Equal(Enum.Parse<PathProblem>(expected), RequestTargetGuard.InspectRawTarget(target));

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/a/b/c.min.js?v=1.2.3")]
    [InlineData("/...")]
    [InlineData("/..a")]
    [InlineData("/a..b/c...d")]
    [InlineData("/.well-known/acme-challenge/token")]
    [InlineData("/caf%C3%A9.html")]
    [InlineData("/100%.txt")]
    [InlineData("/100%25.txt")]
    [InlineData("/a%20b.txt")]
    [InlineData("/%e2%82%ac")]
    [InlineData("/%f0%9f%98%80.png")]
    [InlineData("/x?../../etc/passwd")]
    [InlineData("/x?%2e%2e#frag")]
    [InlineData("//double//slash")]
    [InlineData("http://example.com")]
    [InlineData("http://example.com/index.html")]
    public void InspectRawTarget_OrdinaryPaths_Pass(string target) =>
        Assert.Equal(PathProblem.None, RequestTargetGuard.InspectRawTarget(target));

    [Fact]
    public void InspectRawTarget_LongEncodedSegment_IsDecodedWithoutLimit()
    {
        var segment = string.Concat(Enumerable.Repeat("%41", 400));
        Assert.Equal(PathProblem.None, RequestTargetGuard.InspectRawTarget("/" + segment));
        Assert.Equal(PathProblem.DotSegment, RequestTargetGuard.InspectRawTarget("/" + segment + "/%2e%2e"));
        Assert.Equal(PathProblem.NulByte, RequestTargetGuard.InspectRawTarget("/" + segment + "%00"));
    }

    [Theory]
    [InlineData("..", nameof(PathProblem.DotSegment))]
    [InlineData(".", nameof(PathProblem.DotSegment))]
    [InlineData("a\\b", nameof(PathProblem.Backslash))]
    [InlineData("a\0b", nameof(PathProblem.NulByte))]
    [InlineData("a\nb", nameof(PathProblem.ControlCharacter))]
    [InlineData("a\uFFFDb", nameof(PathProblem.InvalidUtf8))]
    [InlineData("..%2F..%2Fetc", nameof(PathProblem.EncodedSeparator))]
    [InlineData("%5c", nameof(PathProblem.EncodedSeparator))]
    [InlineData("%2e%2e", nameof(PathProblem.DoubleEncoding))]
    [InlineData("%C0%AE", nameof(PathProblem.DoubleEncoding))]
    [InlineData("index.html", nameof(PathProblem.None))]
    [InlineData("...", nameof(PathProblem.None))]
    [InlineData("100%.txt", nameof(PathProblem.None))]
    [InlineData("café", nameof(PathProblem.None))]
    public void InspectDecodedSegment_Corpus_MatchesExpectation(string segment, string expected) =>
        Assert.Equal(Enum.Parse<PathProblem>(expected), RequestTargetGuard.InspectDecodedSegment(segment));
}
