namespace Terraform.Plugin.Tests.Values;

internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Format(ReadOnlySpan<byte> bytes)
    {
        var s = Convert.ToHexString(bytes).ToLowerInvariant();
        return string.Join(' ', Enumerable.Range(0, s.Length / 2).Select(i => s.Substring(i * 2, 2)));
    }

    /// <summary>msgpack str header + UTF-8 bytes of an ASCII string, for building vectors by hand.</summary>
    public static string Str(string ascii)
    {
        var body = Format(System.Text.Encoding.UTF8.GetBytes(ascii));
        int n = ascii.Length;
        string header = n < 32 ? (0xa0 | n).ToString("x2") : n < 256 ? $"d9 {n:x2}" : $"da {n >> 8:x2} {n & 0xff:x2}";
        return n == 0 ? header : header + " " + body;
    }
}
