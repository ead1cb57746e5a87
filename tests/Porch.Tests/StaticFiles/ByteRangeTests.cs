using Microsoft.Extensions.Primitives;
using Porch.StaticFiles;

namespace Porch.Tests.StaticFiles;

public class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 0, 10)]
    [InlineData("bytes=10-", 10, 90)]
    [InlineData("bytes=-10", 90, 10)]
    [InlineData("bytes=-1000", 0, 100)]
    [InlineData("bytes=90-1000", 90, 10)]
    [InlineData("bytes=99-99", 99, 1)]
    [InlineData("Bytes=0-0", 0, 1)]
    [InlineData("bytes=0-99999999999999999999999", 0, 100)]
    public void Parse_SingleRange_IsSatisfiable(string header, long start, long length)
    {
        Assert.Equal(RangeRequest.Satisfiable, ByteRange.Parse(header, 100, out var range));
        Assert.Equal(new ByteRange(start, length), range);
    }

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=100-200")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=99999999999999999999999-")]
    public void Parse_PastTheEnd_IsUnsatisfiable(string header) =>
        Assert.Equal(RangeRequest.Unsatisfiable, ByteRange.Parse(header, 100, out _));

    [Fact]
    public void Parse_EmptyFile_AnyRangeIsUnsatisfiable()
    {
        Assert.Equal(RangeRequest.Unsatisfiable, ByteRange.Parse("bytes=0-", 0, out _));
        Assert.Equal(RangeRequest.Unsatisfiable, ByteRange.Parse("bytes=-5", 0, out _));
    }

    [Theory]
    [InlineData("bytes=0-9,20-29")]
    [InlineData("bytes=5-4")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=-")]
    [InlineData("bytes= 1 - 2")]
    [InlineData("items=0-9")]
    [InlineData("bytes 0-9")]
    [InlineData("bytes=+1-2")]
    [InlineData("")]
    public void Parse_SeveralOrInvalid_IsIgnored(string header) =>
        Assert.Equal(RangeRequest.Ignored, ByteRange.Parse(header, 100, out _));

    [Fact]
    public void Parse_TwoRangeHeaders_AreIgnored() =>
        Assert.Equal(RangeRequest.Ignored, ByteRange.Parse(new StringValues(["bytes=0-1", "bytes=2-3"]), 100, out _));
}
