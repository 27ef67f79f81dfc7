namespace Nutanix.Prism.Tests;

public sealed class VersionTests
{
    [Theory]
    [InlineData("pc.2022.6", "pc.2024.1.0.1")]
    [InlineData("pc.2024.3.1", "pc.7.3")]
    [InlineData("pc.7.3", "7.3.1")]
    [InlineData("7.3.1", "pc.7.5")]
    [InlineData("pc.7.5", "7.10")]
    public void Versions_order_across_the_calendar_to_7x_switch(string older, string newer)
    {
        var a = PrismCentralVersion.TryParse(older)!;
        var b = PrismCentralVersion.TryParse(newer)!;
        Assert.True(a.CompareTo(b) < 0, $"{older} should be older than {newer}");
        Assert.True(b.CompareTo(a) > 0);
    }

    [Fact]
    public void Parsing_and_minimum_checks()
    {
        Assert.Null(PrismCentralVersion.TryParse("master"));
        Assert.Null(PrismCentralVersion.TryParse(null));
        var v = PrismCentralVersion.TryParse(" pc.7.3.0 ")!;
        Assert.Equal([7, 3, 0], v.Parts);
        Assert.False(v.IsCalendarVersion);
        Assert.True(v.IsAtLeast("7.3"));
        Assert.False(v.IsAtLeast("7.5"));
        Assert.True(PrismCentralVersion.TryParse("pc.2024.3")!.IsCalendarVersion);
        Assert.Equal(PrismCentralVersion.TryParse("7.3"), PrismCentralVersion.TryParse("pc.7.3.0"));
        Assert.Equal(PrismCentralVersion.TryParse("7.3")!.GetHashCode(), PrismCentralVersion.TryParse("pc.7.3.0")!.GetHashCode());
    }
}
