using Porch.Wire.Htcpcp;

namespace Porch.Wire.Tests.Htcpcp;

public class AcceptAdditionsTests
{
    [Fact]
    public void Parse_SemicolonsAsCourseClientsSend_EachAdditionClassified()
    {
        var additions = AcceptAdditions.Parse("cream; vanilla; whisky");

        Assert.Equal(
            [new Addition("cream", AdditionKind.Milk), new Addition("vanilla", AdditionKind.Syrup), new Addition("whisky", AdditionKind.Alcohol)],
            additions);
    }

    [Fact]
    public void Parse_CommasAsTheRfcWrites_CaseInsensitive()
    {
        var additions = AcceptAdditions.Parse("Half-and-half, NON-DAIRY,Stevia , *");

        Assert.Equal([AdditionKind.Milk, AdditionKind.Milk, AdditionKind.Sugar, AdditionKind.Any], additions.Select(a => a.Kind));
        Assert.Equal("NON-DAIRY", additions[1].Text);
    }

    [Fact]
    public void Parse_AcceptParams_AreNotAdditions()
    {
        var additions = AcceptAdditions.Parse("Cream;q=0.5, Rum");

        Assert.Equal(["Cream", "Rum"], additions.Select(a => a.Text));
    }

    [Fact]
    public void Parse_UnknownNames_KeptAsUnknown()
    {
        var additions = AcceptAdditions.Parse("oat milk; Chamomile");

        Assert.All(additions, a => Assert.Equal(AdditionKind.Unknown, a.Kind));
        Assert.Equal(["oat milk", "Chamomile"], additions.Select(a => a.Text));
    }

    [Fact]
    public void Parse_RepeatsAndEmptyElements_KeptOnce()
    {
        var additions = AcceptAdditions.Parse("Cream;; cream ,,Cream", ["CREAM", "Sugar"]);

        Assert.Equal(["Cream", "Sugar"], additions.Select(a => a.Text));
    }

    [Fact]
    public void Parse_NoHeader_NoAdditions()
    {
        Assert.Empty(AcceptAdditions.Parse(null));
    }

    [Theory]
    [InlineData("Cream", "Milk")]
    [InlineData("Part-Skim", "Milk")]
    [InlineData("Skim", "Milk")]
    [InlineData("Whole-milk", "Milk")]
    [InlineData("Almond", "Syrup")]
    [InlineData("Raspberry", "Syrup")]
    [InlineData("Chocolate", "Syrup")]
    [InlineData("Kahlua", "Alcohol")]
    [InlineData("Aquavit", "Alcohol")]
    [InlineData("Rum", "Alcohol")]
    [InlineData("Sugar", "Sugar")]
    [InlineData("Xylitol", "Sugar")]
    [InlineData("*", "Any")]
    [InlineData("Decaf", "Unknown")]
    public void Classify_RfcNames(string name, string expected)
    {
        Assert.Equal(expected, AcceptAdditions.Classify(name).ToString());
    }
}
