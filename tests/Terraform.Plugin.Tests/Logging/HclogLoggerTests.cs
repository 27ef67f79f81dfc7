using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Logging;

namespace Terraform.Plugin.Tests.Logging;

public sealed class HclogLoggerTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static List<JsonElement> Lines(MemoryStream stream) =>
        Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void WritesHclogJsonLines_WithStringReservedKeys_AndStructuredState()
    {
        using var stream = new MemoryStream();
        var time = new DateTimeOffset(2026, 11, 24, 7, 5, 9, 123, TimeSpan.FromHours(2)).AddTicks(4560);
        using var provider = new HclogLoggerProvider("provider.terraform-provider-nutanix", LogLevel.Trace, stream, new FixedTime(time));
        var logger = provider.CreateLogger("Nutanix.Cluster");

        logger.LogInformation("created cluster {Cluster} with {Replicas} replicas", "prod", 3);

        var line = Assert.Single(Lines(stream));
        Assert.Equal("info", line.GetProperty("@level").GetString());
        Assert.Equal("created cluster prod with 3 replicas", line.GetProperty("@message").GetString());
        Assert.Equal("provider.terraform-provider-nutanix", line.GetProperty("@module").GetString());
        Assert.Equal("2026-11-24T05:05:09.123456Z", line.GetProperty("@timestamp").GetString());
        Assert.Equal("prod", line.GetProperty("Cluster").GetString());
        Assert.Equal(3, line.GetProperty("Replicas").GetInt32());
        Assert.False(line.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void TimestampHasSixFractionalDigits()
    {
        using var stream = new MemoryStream();
        using var provider = new HclogLoggerProvider("m", LogLevel.Trace, stream);
        provider.CreateLogger("c").LogWarning("x");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", Assert.Single(Lines(stream)).GetProperty("@timestamp").GetString());
    }

    [Fact]
    public void FiltersBelowMinimumLevel_AndMapsLevelNames()
    {
        using var stream = new MemoryStream();
        using var provider = new HclogLoggerProvider("m", LogLevel.Debug, stream);
        var logger = provider.CreateLogger("c");
        logger.LogTrace("hidden");
        logger.LogDebug("d");
        logger.LogWarning("w");
        logger.LogError(new InvalidOperationException("boom"), "e");
        logger.LogCritical("c");
        var levels = Lines(stream).Select(l => l.GetProperty("@level").GetString()).ToList();
        Assert.Equal(["debug", "warn", "error", "error"], levels);
        Assert.Contains("boom", Lines(stream)[2].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, LogLevel.Warning)]
    [InlineData("TRACE", null, LogLevel.Trace)]
    [InlineData("json", null, LogLevel.Trace)]
    [InlineData("DEBUG", "ERROR", LogLevel.Error)]
    [InlineData("INFO", "", LogLevel.Information)]
    [InlineData("off", null, LogLevel.None)]
    public void LevelComesFromTfLogProvider_ThenTfLog(string? tfLog, string? tfLogProvider, LogLevel expected)
    {
        var env = new Dictionary<string, string?> { ["TF_LOG"] = tfLog, ["TF_LOG_PROVIDER"] = tfLogProvider };
        Assert.Equal(expected, HclogLevel.FromEnvironment(k => env.GetValueOrDefault(k)));
    }

    [Fact]
    public void Redaction_NeverReturnsTheSecret()
    {
        Assert.Equal(LogRedaction.Placeholder, LogRedaction.Redact("s3cr3t-token"));
        Assert.Equal("(empty)", LogRedaction.Redact(null));
        Assert.Equal($"401 for token {LogRedaction.Placeholder}", LogRedaction.Scrub("401 for token s3cr3t-token", "s3cr3t-token", null));
    }
}
