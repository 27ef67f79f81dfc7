namespace Terraform.Plugin.Paths;

/// <summary>One step of an <see cref="AttributePath"/>: an attribute name, or a string or integer element key.</summary>
public readonly record struct PathStep
{
    private PathStep(PathStepKind kind, string? name, long index)
    {
        Kind = kind;
        Name = name;
        Index = index;
    }

    public PathStepKind Kind { get; }

    /// <summary>Attribute name or string key; null for integer keys.</summary>
    public string? Name { get; }

    /// <summary>Integer key (list/tuple index); 0 for other kinds.</summary>
    public long Index { get; }

    public static PathStep Attribute(string name) => new(PathStepKind.AttributeName, name ?? throw new ArgumentNullException(nameof(name)), 0);

    public static PathStep ElementKey(string key) => new(PathStepKind.ElementKeyString, key ?? throw new ArgumentNullException(nameof(key)), 0);

    public static PathStep ElementKey(long index) => new(PathStepKind.ElementKeyInt, null, index);

    public override string ToString() => Kind switch
    {
        PathStepKind.AttributeName => Name!,
        PathStepKind.ElementKeyString => $"[\"{Name}\"]",
        _ => $"[{Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]",
    };
}

/// <summary>The kinds of <see cref="PathStep"/>.</summary>
public enum PathStepKind
{
    AttributeName,
    ElementKeyString,
    ElementKeyInt,
}
