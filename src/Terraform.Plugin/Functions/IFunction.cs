using Terraform.Plugin.Values;

namespace Terraform.Plugin.Functions;

/// <summary>A provider-defined function, called as <c>provider::&lt;provider&gt;::&lt;name&gt;(...)</c>.</summary>
public interface IFunction
{
    /// <summary>Name (a valid HCL identifier) and signature.</summary>
    FunctionDefinition Definition { get; }

    /// <summary>Computes the result; set <see cref="FunctionRunResponse.Error"/> instead of throwing.</summary>
    Task RunAsync(FunctionRunRequest request, FunctionRunResponse response, CancellationToken cancellationToken);
}

/// <summary>A function's signature and documentation.</summary>
public sealed class FunctionDefinition
{
    public required string Name { get; init; }

    public IReadOnlyList<FunctionParameter> Parameters { get; init; } = [];

    /// <summary>Optional final parameter taking zero or more values.</summary>
    public FunctionParameter? VariadicParameter { get; init; }

    public required CtyType ReturnType { get; init; }

    public string Summary { get; init; } = "";

    public string MarkdownDescription { get; init; } = "";

    public string? DeprecationMessage { get; init; }
}

/// <summary>One positional parameter.</summary>
public sealed record FunctionParameter(string Name, CtyType Type, string Description = "", bool AllowNullValue = false, bool AllowUnknownValues = false);

/// <summary>Arguments in declaration order (variadic arguments follow, one value each).</summary>
public sealed class FunctionRunRequest
{
    public required IReadOnlyList<CtyValue> Arguments { get; init; }
}

/// <summary>Either a result or an error (optionally naming the argument index at fault).</summary>
public sealed class FunctionRunResponse
{
    public CtyValue? Result { get; set; }

    public string? Error { get; set; }

    public long? ErrorArgument { get; set; }
}
