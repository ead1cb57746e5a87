using Microsoft.AspNetCore.Http;
using Porch.StaticFiles;

namespace Porch.Tests.StaticFiles;

public class PreconditionsTests
{
    private const string ETag = "\"400-abc\"";
    private const string Weak = "W/\"400-abc-br\"";
    private static readonly DateTimeOffset Modified = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("If-None-Match", "\"400-abc\"", nameof(Precondition.NotModified))]
    [InlineData("If-None-Match", "W/\"400-abc\"", nameof(Precondition.NotModified))]
    [InlineData("If-None-Match", "\"other\", \"400-abc\"", nameof(Precondition.NotModified))]
    [InlineData("If-None-Match", "\"a,b\", \"400-abc\"", nameof(Precondition.NotModified))]
    [InlineData("If-None-Match", "*", nameof(Precondition.NotModified))]
    [InlineData("If-None-Match", "\"other\"", nameof(Precondition.Proceed))]
    [InlineData("If-None-Match", "\"400-abc", nameof(Precondition.Proceed))]
    [InlineData("If-Modified-Since", "Wed, 01 May 2024 12:00:00 GMT", nameof(Precondition.NotModified))]
    [InlineData("If-Modified-Since", "Wednesday, 01-May-24 12:00:00 GMT", nameof(Precondition.NotModified))]
    [InlineData("If-Modified-Since", "Wed May  1 12:00:00 2024", nameof(Precondition.NotModified))]
    [InlineData("If-Modified-Since", "Thu, 02 May 2024 12:00:00 GMT", nameof(Precondition.NotModified))]
    [InlineData("If-Modified-Since", "Wed, 01 May 2024 11:59:59 GMT", nameof(Precondition.Proceed))]
    [InlineData("If-Modified-Since", "yesterday", nameof(Precondition.Proceed))]
    [InlineData("If-Match", "\"400-abc\"", nameof(Precondition.Proceed))]
    [InlineData("If-Match", "*", nameof(Precondition.Proceed))]
    [InlineData("If-Match", "\"other\"", nameof(Precondition.Failed))]
    [InlineData("If-Match", "W/\"400-abc\"", nameof(Precondition.Failed))]
    [InlineData("If-Unmodified-Since", "Wed, 01 May 2024 12:00:00 GMT", nameof(Precondition.Proceed))]
    [InlineData("If-Unmodified-Since", "Wed, 01 May 2024 11:00:00 GMT", nameof(Precondition.Failed))]
    [InlineData("If-Unmodified-Since", "garbage", nameof(Precondition.Proceed))]
    public void Evaluate_SingleCondition_FollowsRfc9110(string name, string value, string expected) =>
        Assert.Equal(Enum.Parse<Precondition>(expected), Preconditions.Evaluate(Headers((name, value)), ETag, Modified));

    [Fact]
    public void Evaluate_IfNoneMatchPresent_IgnoresIfModifiedSince() =>
        Assert.Equal(Precondition.Proceed, Preconditions.Evaluate(
            Headers(("If-None-Match", "\"other\""), ("If-Modified-Since", "Thu, 02 May 2024 12:00:00 GMT")), ETag, Modified));

    [Fact]
    public void Evaluate_IfMatchPresent_IgnoresIfUnmodifiedSince() =>
        Assert.Equal(Precondition.Proceed, Preconditions.Evaluate(
            Headers(("If-Match", ETag), ("If-Unmodified-Since", "Wed, 01 May 2024 11:00:00 GMT")), ETag, Modified));

    [Fact]
    public void Evaluate_FailedIfMatch_WinsOverIfNoneMatch() =>
        Assert.Equal(Precondition.Failed, Preconditions.Evaluate(
            Headers(("If-Match", "\"other\""), ("If-None-Match", ETag)), ETag, Modified));

    [Fact]
    public void Evaluate_WeakTagOfCompressedCopy_MatchesIfNoneMatchOnly()
    {
        Assert.Equal(Precondition.NotModified, Preconditions.Evaluate(Headers(("If-None-Match", Weak)), Weak, Modified));
        Assert.Equal(Precondition.Failed, Preconditions.Evaluate(Headers(("If-Match", Weak)), Weak, Modified));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("\"400-abc\"", true)]
    [InlineData("\"other\"", false)]
    [InlineData("W/\"400-abc\"", false)]
    [InlineData("Wed, 01 May 2024 12:00:00 GMT", true)]
    [InlineData("Thu, 02 May 2024 12:00:00 GMT", false)]
    [InlineData("not a date", false)]
    public void RangeAllowed_IfRange_NeedsStrongMatchOrExactDate(string? ifRange, bool expected) =>
        Assert.Equal(expected, Preconditions.RangeAllowed(ifRange is null ? Headers() : Headers(("If-Range", ifRange)), ETag, Modified));

    [Fact]
    public void RangeAllowed_WeakRepresentationTag_NeverMatches() =>
        Assert.False(Preconditions.RangeAllowed(Headers(("If-Range", Weak)), Weak, Modified));

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
