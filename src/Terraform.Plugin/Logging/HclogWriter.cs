using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Terraform.Plugin.Logging;

/// <summary>Serialises one entry per line; hclog's reserved keys are always strings (Terraform requires it).</summary>
internal sealed class HclogWriter(Stream output, TimeProvider time)
{
    /// <summary>Go layout 2006-01-02T15:04:05.000000Z07:00, always in UTC.</summary>
    internal const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public void Write(
        LogLevel level, string module, string category, string message,
        IReadOnlyList<KeyValuePair<string, object?>>? fields, Exception? exception)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_buffer))
            {
                json.WriteStartObject();
                json.WriteString("@level", HclogLevel.Name(level));
                json.WriteString("@message", SecretRedactor.Scrub(message));
                json.WriteString("@module", module);
                json.WriteString("@timestamp", time.GetUtcNow().UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
                json.WriteString("logger", category);
                if (fields is not null)
                {
                    foreach (var (key, value) in fields)
                    {
                        if (key == "{OriginalFormat}" || key.StartsWith('@') || key == "logger") continue;
                        WriteField(json, key, value);
                    }
                }

                if (exception is not null)
                {
                    json.WriteString("error", SecretRedactor.Scrub(exception.GetType().Name + ": " + exception.Message));
                }

                json.WriteEndObject();
            }

            _buffer.Write("\n"u8);
            try
            {
                output.Write(_buffer.WrittenSpan);
                output.Flush();
            }
            catch (IOException)
            {
                // The reading side (Terraform) has gone; logging must never take the provider down.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            try { output.Flush(); } catch (IOException) { } catch (ObjectDisposedException) { }
        }
    }

    private static void WriteField(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(key); break;
            case string s: json.WriteString(key, SecretRedactor.Scrub(s)); break;
            case bool b: json.WriteBoolean(key, b); break;
            case int i: json.WriteNumber(key, i); break;
            case long l: json.WriteNumber(key, l); break;
            case uint ui: json.WriteNumber(key, ui); break;
            case ulong ul: json.WriteNumber(key, ul); break;
            case short sh: json.WriteNumber(key, sh); break;
            case byte by: json.WriteNumber(key, by); break;
            case double d when double.IsFinite(d): json.WriteNumber(key, d); break;
            case float f when float.IsFinite(f): json.WriteNumber(key, f); break;
            case decimal m: json.WriteNumber(key, m); break;
            case TimeSpan ts: json.WriteString(key, ts.ToString("c", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset dto: json.WriteString(key, dto.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTime dt: json.WriteString(key, dt.ToString("O", CultureInfo.InvariantCulture)); break;
            case IFormattable formattable: json.WriteString(key, formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: json.WriteString(key, SecretRedactor.Scrub(value.ToString())); break;
        }
    }
}
