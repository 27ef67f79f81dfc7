using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>The import ID the user gave (<c>terraform import ADDR ID</c> or <c>import { id = ... }</c>).</summary>
public sealed class ImportStateRequest
{
    public required string Id { get; init; }
}

/// <summary>
/// State to hand to ReadResource, pre-filled with an object whose attributes are all null. Set at least the
/// attributes Read needs to find the remote object.
/// </summary>
public sealed class ImportStateResponse
{
    public ImportStateResponse(CtyValue state) => State = state;

    public CtyValue State { get; set; }

    public byte[]? Private { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>Copies the import ID into a top-level string attribute (usually <c>id</c>).</summary>
    public void PassthroughId(string attributeName, string id) => State = State.WithAttribute(attributeName, CtyValue.String(id));
}
