using Nutanix.Capi.Model;

namespace TerraformProvider.Nutanix.Tests.Unit;

/// <summary>Durations in messages are written the way <c>timeouts</c> blocks spell them, and read back the same.</summary>
public sealed class DurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(250, "250ms")]
    [InlineData(1_000, "1s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(5_000, "5s")]
    [InlineData(60_000, "1m")]
    [InlineData(150_000, "2m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(3_900_000, "1h5m")]
    [InlineData(3_605_000, "1h5s")]
    [InlineData(5_430_250, "1h30m30.25s")]
    [InlineData(129_600_000, "36h")]
    public void Format_WritesTerraformStyle(long milliseconds, string expected)
    {
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Format_RoundsToMilliseconds()
    {
        Assert.Equal("2s", Duration.Format(TimeSpan.FromTicks(19_999_999)));
        Assert.Equal("1ms", Duration.Format(TimeSpan.FromTicks(5_000)));
    }

    [Theory]
    [InlineData("5s")]
    [InlineData("2m30s")]
    [InlineData("1h0m0s")]
    [InlineData("90m")]
    [InlineData("1.5s")]
    [InlineData("750ms")]
    [InlineData("26h3m7s")]
    public void Format_IsReadBackByTryParse(string written)
    {
        Assert.True(Duration.TryParse(written, out var parsed));
        var formatted = Duration.Format(parsed);
        Assert.True(Duration.TryParse(formatted, out var again), formatted);
        Assert.Equal(parsed, again);
    }
}
