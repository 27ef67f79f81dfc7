using System.Buffers;
using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>
/// A minimal JSON text writer that escapes strings exactly like Go's <c>encoding/json</c> (which produced every byte
/// Terraform compares against): HTML-sensitive <c>&lt; &gt; &amp;</c> and U+2028/U+2029 as <c>\u00XX</c>, control
/// characters as <c>\b \f \n \r \t</c> or lowercase <c>\u00XX</c>, all other text raw UTF-8. Utf8JsonWriter's encoders
/// cannot be configured to produce exactly this without unsafe code, so the (few) structural tokens are written here.
/// </summary>
internal sealed class GoJsonWriter
{
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    private byte[] _buffer;
    private int _length;

    public GoJsonWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Raw(byte b)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = b;
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _length < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Ascii(string text)
    {
        if (_buffer.Length - _length < text.Length)
        {
            Grow(text.Length);
        }

        for (int i = 0; i < text.Length; i++)
        {
            _buffer[_length + i] = (byte)text[i];
        }

        _length += text.Length;
    }

    public void Int64(long value)
    {
        if (_buffer.Length - _length < 20)
        {
            Grow(20);
        }

        value.TryFormat(_buffer.AsSpan(_length), out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Grow(int needed)
    {
        int size = Math.Max(_buffer.Length * 2, _length + needed);
        Array.Resize(ref _buffer, size);
    }

    public void String(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int length = Encoding.UTF8.GetBytes(value, utf8);
        String(utf8[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void String(ReadOnlySpan<byte> utf8)
    {
        Raw((byte)'"');
        int start = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' && b < 0x80)
            {
                continue;
            }

            if (b >= 0x80)
            {
                // U+2028 / U+2029 are E2 80 A8 / E2 80 A9.
                if (b == 0xE2 && i + 2 < utf8.Length && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9))
                {
                    Raw(utf8[start..i]);
                    Ascii(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                    i += 2;
                    start = i + 1;
                }

                continue;
            }

            Raw(utf8[start..i]);
            switch (b)
            {
                case (byte)'"':
                    Ascii("\\\"");
                    break;
                case (byte)'\\':
                    Ascii("\\\\");
                    break;
                case (byte)'\b':
                    Ascii("\\b");
                    break;
                case (byte)'\f':
                    Ascii("\\f");
                    break;
                case (byte)'\n':
                    Ascii("\\n");
                    break;
                case (byte)'\r':
                    Ascii("\\r");
                    break;
                case (byte)'\t':
                    Ascii("\\t");
                    break;
                default:
                    Ascii("\\u00");
                    Raw(Hex[b >> 4]);
                    Raw(Hex[b & 0xF]);
                    break;
            }

            start = i + 1;
        }

        Raw(utf8[start..]);
        Raw((byte)'"');
    }
}
