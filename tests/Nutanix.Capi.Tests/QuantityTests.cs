using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Tests;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("4Gi", "4096Mi")]
    [InlineData("1Gi", "1073741824")]
    [InlineData("1G", "1000M")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("1e3", "1k")]
    [InlineData("500m", "0.5")]
    public void EqualValuesCompareEqual(string a, string b)
    {
        Assert.Equal(Quantity.Parse(a), Quantity.Parse(b));
        Assert.Equal(Quantity.Parse(a).GetHashCode(), Quantity.Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("4096Mi", "4Gi")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("40G", "40G")]
    [InlineData("1000M", "1G")]
    [InlineData("0.5", "500m")]
    [InlineData("100", "100")]
    [InlineData("2048", "2048")]
    [InlineData("2000", "2k")]
    [InlineData("1024Ki", "1Mi")]
    [InlineData("0", "0")]
    public void CanonicalFormatting(string input, string canonical)
    {
        Assert.Equal(canonical, Quantity.Parse(input).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("4 Gi")]
    [InlineData("4GB")]
    [InlineData("Gi")]
    [InlineData("1e99")]
    public void RejectsInvalidText(string text)
    {
        Assert.False(Quantity.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Quantity.Parse(text));
    }

    [Fact]
    public void OrdersByValue()
    {
        Assert.True(Quantity.Parse("2Gi") < Quantity.Parse("2049Mi"));
        Assert.True(Quantity.Parse("20Gi") >= Quantity.Parse("20480Mi"));
        Assert.Equal(4294967296L, Quantity.Parse("4Gi").ToInt64());
    }

    [Theory]
    [InlineData("v1.29.0", "1.28.15", 1)]
    [InlineData("1.31.4", "v1.31.4", 0)]
    [InlineData("v1.33.0-rc.1", "v1.32.9", 1)]
    public void KubernetesVersionsCompare(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(KubernetesVersion.Parse(a).CompareTo(KubernetesVersion.Parse(b))));
        Assert.StartsWith("v", KubernetesVersion.Parse(a).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void IdentifiersDetectUuids()
    {
        Assert.Equal(IdentifierType.Uuid, NutanixResourceIdentifier.Parse("0005F2A1-1B2C-4D5E-8F90-123456789ABC").Type);
        Assert.Equal("0005f2a1-1b2c-4d5e-8f90-123456789abc", NutanixResourceIdentifier.Parse("0005F2A1-1B2C-4D5E-8F90-123456789ABC").Value);
        Assert.Equal(IdentifierType.Name, NutanixResourceIdentifier.Parse("vlan-10").Type);
        Assert.Equal(IdentifierType.Name, NutanixResourceIdentifier.Parse("0005f2a11b2c4d5e8f90123456789abc").Type);
    }
}
