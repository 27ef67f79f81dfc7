using Microsoft.Extensions.Logging;

namespace Terraform.Plugin.Logging;

internal sealed class HclogLogger(string category, string module, LogLevel minimum, HclogWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        IReadOnlyList<KeyValuePair<string, object?>>? fields = state as IReadOnlyList<KeyValuePair<string, object?>>;
        writer.Write(logLevel, module, category, message, fields, exception);
    }
}
