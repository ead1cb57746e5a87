using Porch.Wire.Htcpcp;

namespace Porch.Wire.Tests.Htcpcp;

public class CoffeeUriTests
{
    [Theory]
    [InlineData("coffee")]
    [InlineData("COFFEE")]
    [InlineData("koffie")]
    [InlineData("q%C3%A6hv%C3%A6")]
    [InlineData("%D9%82%D9%87%D9%88%D8%A9")]
    [InlineData("akeita")]
    [InlineData("koffee")]
    [InlineData("kahva")]
    [InlineData("kafe")]
    [InlineData("caf%C3%E8")]
    [InlineData("caf%C3%A9")]
    [InlineData("café")]
    [InlineData("%E5%92%96%E5%95%A1")]
    [InlineData("kava")]
    [InlineData("k%C3%A1va")]
    [InlineData("kaffe")]
    [InlineData("kafo")]
    [InlineData("kohv")]
    [InlineData("kahvi")]
    [InlineData("%4Baffee")]
    [InlineData("%CE%BA%CE%B1%CF%86%CE%AD")]
    [InlineData("%E0%A4%95%E0%A5%8C%E0%A4%AB%E0%A5%80")]
    [InlineData("%E3%82%B3%E3%83%BC%E3%83%92%E3%83%BC")]
    [InlineData("%EC%BB%A4%ED%94%BC")]
    [InlineData("%D0%BA%D0%BE%D1%84%D0%B5")]
    [InlineData("кофе")]
    [InlineData("%E0%B8%81%E0%B8%B2%E0%B9%81%E0%B8%9F")]
    public void IsCoffee_RfcScheme_Accepted(string scheme)
    {
        Assert.True(CoffeeSchemes.IsCoffee(scheme));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("tea")]
    [InlineData("")]
    [InlineData("coffees")]
    [InlineData("%ZZ")]
    public void IsCoffee_OtherScheme_Refused(string scheme)
    {
        Assert.False(CoffeeSchemes.IsCoffee(scheme));
    }

    [Fact]
    public void Parse_HostNamesPot()
    {
        var uri = CoffeeUri.Parse("coffee://ducky", out var error);

        Assert.Null(error);
        Assert.Equal("coffee", uri!.Scheme);
        Assert.Equal("ducky", uri.Host);
        Assert.Null(uri.PotNumber);
        Assert.Empty(uri.Resource);
    }

    [Fact]
    public void Parse_PotDesignatorVarietyAndQueryAdditions()
    {
        var uri = CoffeeUri.Parse("koffie://kitchen:5030/pot-1/earl-grey?Sugar,Cream", out _);

        Assert.Equal("kitchen", uri!.Host);
        Assert.Equal(1, uri.PotNumber);
        Assert.Equal(["earl-grey"], uri.Resource);
        Assert.Equal(["Sugar", "Cream"], uri.QueryAdditions);
    }

    [Fact]
    public void Parse_Path_HasNoSchemeOrHost()
    {
        var uri = CoffeeUri.Parse("/pot-0/darjeeling", out _);

        Assert.Null(uri!.Scheme);
        Assert.Null(uri.Host);
        Assert.Equal(0, uri.PotNumber);
        Assert.Equal(["darjeeling"], uri.Resource);
    }

    [Fact]
    public void Parse_Ipv6HostWithPort_KeepsBrackets()
    {
        Assert.Equal("[::1]", CoffeeUri.Parse("coffee://[::1]:5030/pot-0", out _)!.Host);
    }

    [Fact]
    public void Parse_NoAuthority_EmptyHost()
    {
        Assert.Equal("", CoffeeUri.Parse("coffee:", out _)!.Host);
    }

    [Theory]
    [InlineData("http://ducky")]
    [InlineData("ducky")]
    [InlineData(":ducky")]
    [InlineData("coffee://ducky/pot-x")]
    [InlineData("coffee://ducky/pot-99999999999")]
    public void Parse_NotACoffeeTarget_ErrorExplains(string target)
    {
        Assert.Null(CoffeeUri.Parse(target, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
