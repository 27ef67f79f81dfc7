using System.Collections.Immutable;
using System.Text;

namespace Terraform.Plugin.Paths;

/// <summary>
/// An immutable path to a value inside a configuration, plan or state, e.g.
/// <c>AttributePath.Root("control_plane").Attribute("endpoint_ip")</c> or
/// <c>AttributePath.Root("worker_pools").ElementKey("general").Attribute("replicas")</c>.
/// </summary>
public sealed class AttributePath : IEquatable<AttributePath>
{
    /// <summary>The empty path: the whole object.</summary>
    public static readonly AttributePath Empty = new([]);

    private AttributePath(ImmutableArray<PathStep> steps) => Steps = steps;

    public ImmutableArray<PathStep> Steps { get; }

    public bool IsEmpty => Steps.IsEmpty;

    /// <summary>A path starting at a top-level attribute or block.</summary>
    public static AttributePath Root(string attributeName) => Empty.Attribute(attributeName);

    /// <summary>Builds a path from steps.</summary>
    public static AttributePath FromSteps(IEnumerable<PathStep> steps) => new([.. steps]);

    public AttributePath Attribute(string name) => new(Steps.Add(PathStep.Attribute(name)));

    public AttributePath ElementKey(string key) => new(Steps.Add(PathStep.ElementKey(key)));

    public AttributePath ElementKey(long index) => new(Steps.Add(PathStep.ElementKey(index)));

    public AttributePath Append(PathStep step) => new(Steps.Add(step));

    public bool Equals(AttributePath? other) => other is not null && Steps.AsSpan().SequenceEqual(other.Steps.AsSpan());

    public override bool Equals(object? obj) => obj is AttributePath other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var step in Steps) hash.Add(step);
        return hash.ToHashCode();
    }

    /// <summary>HCL-like rendering: <c>worker_pools["general"].replicas</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var step in Steps)
        {
            if (step.Kind == PathStepKind.AttributeName && sb.Length > 0) sb.Append('.');
            sb.Append(step.ToString());
        }

        return sb.ToString();
    }
}
