using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Terraform.Plugin.Logging;

/// <summary>
/// Writes log entries as hclog JSON lines (<c>@level</c>, <c>@message</c>, <c>@timestamp</c>, <c>@module</c>, plus
/// structured state as extra keys) to a stream — stderr in a plugin, where Terraform picks them up and merges
/// them into its own log when <c>TF_LOG</c>/<c>TF_LOG_PROVIDER</c> is set.
/// </summary>
/// <remarks>
/// The framework never logs attribute values of configuration, plan or state, so sensitive attributes never
/// reach a log line. Provider code that must mention a secret-bearing value uses <see cref="LogRedaction.Redact"/>.
/// </remarks>
public sealed class HclogLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, HclogLogger> _loggers = new(StringComparer.Ordinal);
    private readonly HclogWriter _writer;
    private readonly string _module;
    private readonly LogLevel _minimum;

    /// <param name="module">Value of <c>@module</c>, e.g. <c>provider.terraform-provider-nutanix</c>.</param>
    /// <param name="minimum">Entries below this level are dropped.</param>
    /// <param name="output">Destination (stderr in a plugin); one JSON object per line.</param>
    public HclogLoggerProvider(string module, LogLevel minimum, Stream output)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(output);
        _module = module;
        _minimum = minimum;
        _writer = new HclogWriter(output, TimeProvider.System);
    }

    internal HclogLoggerProvider(string module, LogLevel minimum, Stream output, TimeProvider time)
    {
        _module = module;
        _minimum = minimum;
        _writer = new HclogWriter(output, time);
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new HclogLogger(name, _module, _minimum, _writer));

    public void Dispose() => _writer.Flush();
}
