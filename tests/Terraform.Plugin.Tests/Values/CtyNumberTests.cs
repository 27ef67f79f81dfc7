using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

public sealed class CtyNumberTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("+5", "5")]
    [InlineData("007", "7")]
    [InlineData("1.500", "1.5")]
    [InlineData("-3", "-3")]
    [InlineData("0.5", "0.5")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("1e3", "1000")]
    [InlineData("1E+3", "1000")]
    [InlineData("12.5e-3", "0.0125")]
    [InlineData("-1.5e-10", "-0.00000000015")]
    [InlineData("18446744073709551616", "18446744073709551616")]
    [InlineData("123456789012345678901234567890.123456789012345678901234567890", "123456789012345678901234567890.12345678901234567890123456789")]
    [InlineData("Inf", "+Inf")]
    [InlineData("-inf", "-Inf")]
    public void ParseAndCanonicalText(string input, string canonical)
    {
        Assert.Equal(canonical, CtyNumber.Parse(input).ToString());
        Assert.Equal(CtyNumber.Parse(input), CtyNumber.Parse(canonical));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("1e999999999")]
    public void InvalidTextIsRejected(string input)
    {
        Assert.False(CtyNumber.TryParse(input, out _));
        Assert.Throws<FormatException>(() => CtyNumber.Parse(input));
    }

    [Fact]
    public void FromDoubleIsExact()
    {
        Assert.Equal("0.1000000000000000055511151231257827021181583404541015625", CtyNumber.FromDouble(0.1).ToString());
        Assert.Equal("0.5", CtyNumber.FromDouble(0.5).ToString());
        Assert.Equal("-2", CtyNumber.FromDouble(-2.0).ToString());
        Assert.Equal("18446744073709551616", CtyNumber.FromDouble(18446744073709551616.0).ToString());
        Assert.True(CtyNumber.FromDouble(double.Epsilon).ToString().Length > 300);
        Assert.Equal(double.Epsilon, CtyNumber.FromDouble(double.Epsilon).ToDouble());
        Assert.Throws<ArgumentException>(() => CtyNumber.FromDouble(double.NaN));
        Assert.True(CtyNumber.FromDouble(double.PositiveInfinity).IsInfinity);
    }

    [Fact]
    public void FromIntegersAndDecimal()
    {
        Assert.Equal("-9223372036854775808", CtyNumber.FromInt64(long.MinValue).ToString());
        Assert.Equal("18446744073709551615", CtyNumber.FromUInt64(ulong.MaxValue).ToString());
        Assert.Equal("1.23", CtyNumber.FromDecimal(1.2300m).ToString());
        Assert.Equal("-79228162514264337593543950335", CtyNumber.FromDecimal(decimal.MinValue).ToString());
    }

    [Fact]
    public void IntegerAccess()
    {
        Assert.True(CtyNumber.Parse("42").TryGetInt64(out long v));
        Assert.Equal(42, v);
        Assert.True(CtyNumber.Parse("42").IsInteger);
        Assert.False(CtyNumber.Parse("42.5").IsInteger);
        Assert.False(CtyNumber.Parse("42.5").TryGetInt64(out _));
        Assert.False(CtyNumber.Parse("9223372036854775808").TryGetInt64(out _));
        Assert.True(CtyNumber.Parse("-9223372036854775808").TryGetInt64(out v));
        Assert.Equal(long.MinValue, v);
    }

    [Fact]
    public void ToDoubleRoundsToNearest()
    {
        Assert.Equal(0.1, CtyNumber.Parse("0.1").ToDouble());
        Assert.Equal(double.PositiveInfinity, CtyNumber.Parse("1e400").ToDouble());
        Assert.Equal(9007199254740992.0, CtyNumber.Parse("9007199254740993").ToDouble());
        Assert.Equal(-3.0, CtyNumber.Parse("-3").ToDouble());
    }

    [Fact]
    public void ExactDoubleDetection()
    {
        Assert.True(CtyNumber.Parse("0.5").TryGetExactDouble(out double d));
        Assert.Equal(0.5, d);
        Assert.False(CtyNumber.Parse("0.1").TryGetExactDouble(out _));
        Assert.True(CtyNumber.Parse("18446744073709551616").TryGetExactDouble(out _));
        Assert.False(CtyNumber.Parse("18446744073709551617").TryGetExactDouble(out _));
        Assert.False(CtyNumber.Parse("1e400").TryGetExactDouble(out _));
    }

    [Fact]
    public void Ordering()
    {
        string[] sorted = ["-Inf", "-1e20", "-1.5", "-1", "0", "0.001", "0.5", "1", "1.0000000000000000000001", "2", "1e20", "+Inf"];
        var numbers = sorted.Select(CtyNumber.Parse).ToArray();
        for (int i = 0; i < numbers.Length; i++)
        {
            for (int j = 0; j < numbers.Length; j++)
            {
                Assert.Equal(Math.Sign(i.CompareTo(j)), Math.Sign(numbers[i].CompareTo(numbers[j])));
            }
        }

        Assert.True(CtyNumber.Parse("1") < CtyNumber.Parse("1.5"));
        Assert.True(CtyNumber.Parse("2") >= CtyNumber.Parse("2.0"));
    }

    [Fact]
    public void EqualityIsByValue()
    {
        Assert.Equal(CtyNumber.Parse("1.10"), CtyNumber.Parse("1.1"));
        Assert.Equal(CtyNumber.Parse("100"), CtyNumber.Parse("1e2"));
        Assert.Equal(CtyNumber.Parse("100").GetHashCode(), CtyNumber.Parse("1e2").GetHashCode());
        Assert.NotEqual(CtyNumber.Parse("0.1"), CtyNumber.FromDouble(0.1));
        Assert.Equal(default, CtyNumber.Zero);
    }
}
