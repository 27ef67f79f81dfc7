using System.Globalization;

namespace Nutanix.Capi.Rendering;

/// <summary>A Kubernetes release version (major.minor.patch, optional pre-release/build suffix kept verbatim).</summary>
public sealed record KubernetesVersion(int Major, int Minor, int Patch, string Suffix = "") : IComparable<KubernetesVersion>
{
    /// <summary>Parses "v1.31.4", "1.31.4" or "v1.31.4+rke2r1".</summary>
    public static KubernetesVersion Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var s = text.Trim();
        if (s.StartsWith('v') || s.StartsWith('V'))
        {
            s = s[1..];
        }

        var suffixAt = s.IndexOfAny(['-', '+']);
        var suffix = suffixAt >= 0 ? s[suffixAt..] : string.Empty;
        var core = suffixAt >= 0 ? s[..suffixAt] : s;
        var parts = core.Split('.');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            throw new FormatException($"Kubernetes version \"{text}\" must look like v1.31.4");
        }

        return new KubernetesVersion(major, minor, patch, suffix);
    }

    /// <summary>Parses like <see cref="Parse"/>; false for text that is not a version.</summary>
    public static bool TryParse(string? text, out KubernetesVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            version = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public int CompareTo(KubernetesVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    public static bool operator <(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) >= 0;

    /// <summary>"v1.31.4".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"v{Major}.{Minor}.{Patch}{Suffix}");
}
