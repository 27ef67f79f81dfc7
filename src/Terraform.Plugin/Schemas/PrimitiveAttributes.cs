using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>A string attribute.</summary>
public sealed class StringAttribute : Attribute
{
    public override CtyType Type => CtyType.String;
}

/// <summary>An arbitrary-precision number attribute.</summary>
public sealed class NumberAttribute : Attribute
{
    public override CtyType Type => CtyType.Number;
}

/// <summary>A number attribute restricted to 64-bit integers.</summary>
public sealed class Int64Attribute : Attribute
{
    public override CtyType Type => CtyType.Number;

    internal override void ValidateKind(Paths.AttributePath path, CtyValue value, Diagnostics.DiagnosticBag diagnostics)
    {
        if (!value.AsNumber().TryGetInt64(out _))
        {
            diagnostics.AddAttributeError(path, "Invalid integer", $"Expected a whole number that fits in 64 bits, got {value.AsNumber()}.");
        }
    }
}

/// <summary>A bool attribute.</summary>
public sealed class BoolAttribute : Attribute
{
    public override CtyType Type => CtyType.Bool;
}

/// <summary>An attribute of any type, decided by the configuration.</summary>
public sealed class DynamicAttribute : Attribute
{
    public override CtyType Type => CtyType.Dynamic;
}
