using System.Diagnostics.CodeAnalysis;

namespace Terraform.Plugin.Values;

/// <summary>An arbitrary-precision decimal number (cty number). Never rounds.</summary>
public readonly struct CtyNumber : IEquatable<CtyNumber>, IComparable<CtyNumber>
{
    public static CtyNumber Parse(string s) => throw new NotImplementedException();

    public static bool TryParse([NotNullWhen(true)] string? s, out CtyNumber value) => throw new NotImplementedException();

    public static CtyNumber FromInt64(long value) => throw new NotImplementedException();

    public static CtyNumber FromUInt64(ulong value) => throw new NotImplementedException();

    public static CtyNumber FromDouble(double value) => throw new NotImplementedException();

    public static CtyNumber FromDecimal(decimal value) => throw new NotImplementedException();

    public bool IsInteger => throw new NotImplementedException();

    public bool TryGetInt64(out long value) => throw new NotImplementedException();

    public double ToDouble() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();

    public bool Equals(CtyNumber other) => throw new NotImplementedException();

    public override bool Equals(object? obj) => obj is CtyNumber other && Equals(other);

    public override int GetHashCode() => throw new NotImplementedException();

    public int CompareTo(CtyNumber other) => throw new NotImplementedException();

    public static bool operator ==(CtyNumber left, CtyNumber right) => left.Equals(right);

    public static bool operator !=(CtyNumber left, CtyNumber right) => !left.Equals(right);

    public static bool operator <(CtyNumber left, CtyNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(CtyNumber left, CtyNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(CtyNumber left, CtyNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CtyNumber left, CtyNumber right) => left.CompareTo(right) >= 0;
}
