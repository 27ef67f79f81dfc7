using Microsoft.Extensions.Logging;

namespace Terraform.Plugin.Logging;

/// <summary>Maps between Terraform's <c>TF_LOG</c> levels, hclog level names and <see cref="LogLevel"/>.</summary>
public static class HclogLevel
{
    /// <summary>
    /// Minimum level from <c>TF_LOG_PROVIDER</c>, else <c>TF_LOG</c> (TRACE, DEBUG, INFO, WARN, ERROR, JSON = trace,
    /// OFF). Unset or unrecognised: warnings and errors only (Terraform drops them unless its own log is on).
    /// </summary>
    public static LogLevel FromEnvironment(Func<string, string?> getEnvironment)
    {
        ArgumentNullException.ThrowIfNull(getEnvironment);
        var value = getEnvironment("TF_LOG_PROVIDER");
        if (string.IsNullOrWhiteSpace(value)) value = getEnvironment("TF_LOG");
        return Parse(value);
    }

    /// <summary>Parses a <c>TF_LOG</c>-style level name.</summary>
    public static LogLevel Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" or "JSON" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "OFF" => LogLevel.None,
        _ => LogLevel.Warning,
    };

    /// <summary>The hclog name written as <c>@level</c>.</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };
}
