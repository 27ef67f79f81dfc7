namespace Terraform.Plugin.Values;

/// <summary>
/// String ordering used for object attributes, map keys and sets: Unicode code point order, which equals the
/// bytewise order of the UTF-8 encodings (Go's <c>sort.Strings</c>). Plain UTF-16 ordinal order differs from it only
/// when a surrogate pair is compared with a character in U+E000..U+FFFF.
/// </summary>
internal sealed class CtyOrdering : IComparer<string>
{
    public static readonly CtyOrdering Instance = new();

    private CtyOrdering()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int length = Math.Min(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            char a = x[i];
            char b = y[i];
            if (a != b)
            {
                if (a >= 0xD800 && b >= 0xD800)
                {
                    return Fix(a) - Fix(b);
                }

                return a - b;
            }
        }

        return x.Length - y.Length;
    }

    // Surrogates (D800-DFFF) encode code points above FFFF, so they must sort after E000-FFFF.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
