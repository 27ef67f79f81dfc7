namespace Terraform.Plugin.Resources;

/// <summary>
/// A managed resource type. The server validates, plans (defaults, unknowns, plan modifiers, replacement) and
/// checks results; the resource only talks to the remote system. Optional capabilities:
/// <see cref="IResourceWithConfigure"/>, <see cref="IResourceWithImportState"/>,
/// <see cref="IResourceWithModifyPlan"/>, <see cref="IResourceWithValidateConfig"/>,
/// <see cref="IResourceWithUpgradeState"/>, <see cref="IResourceWithMoveState"/>.
/// </summary>
public interface IResource
{
    /// <summary>Sets the full type name, conventionally <c>ProviderTypeName + "_thing"</c>.</summary>
    void Metadata(ResourceMetadataRequest request, ResourceMetadataResponse response);

    void Schema(ResourceSchemaRequest request, ResourceSchemaResponse response);

    /// <summary>Creates the remote object. <see cref="CreateResponse.State"/> starts as the plan; fill in the unknowns.</summary>
    Task CreateAsync(CreateRequest request, CreateResponse response, CancellationToken cancellationToken);

    /// <summary>Refreshes state from the remote object; call <see cref="ReadResponse.RemoveResource"/> when it is gone.</summary>
    Task ReadAsync(ReadRequest request, ReadResponse response, CancellationToken cancellationToken);

    /// <summary>Updates in place. <see cref="UpdateResponse.State"/> starts as the plan; fill in the unknowns.</summary>
    Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken);

    Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken);
}

/// <summary>Optional: receives the provider's <see cref="Provider.ConfigureProviderResponse.ResourceData"/>.</summary>
public interface IResourceWithConfigure : IResource
{
    void Configure(ResourceConfigureRequest request, ResourceConfigureResponse response);
}

/// <summary>Optional: <c>terraform import</c> / <c>import {}</c> support.</summary>
public interface IResourceWithImportState : IResource
{
    Task ImportStateAsync(ImportStateRequest request, ImportStateResponse response, CancellationToken cancellationToken);
}

/// <summary>Optional: resource-level plan adjustments after attribute plan modifiers ran.</summary>
public interface IResourceWithModifyPlan : IResource
{
    Task ModifyPlanAsync(ModifyPlanRequest request, ModifyPlanResponse response, CancellationToken cancellationToken);
}

/// <summary>Optional: cross-attribute configuration checks.</summary>
public interface IResourceWithValidateConfig : IResource
{
    Task ValidateConfigAsync(ValidateResourceConfigRequest request, ValidateResourceConfigResponse response, CancellationToken cancellationToken);
}

/// <summary>Optional: upgrades state written with an older schema version, keyed by that version.</summary>
public interface IResourceWithUpgradeState : IResource
{
    IReadOnlyDictionary<long, StateUpgrader> StateUpgraders();
}

/// <summary>Optional: accepts state moved from another resource type (<c>moved {}</c> across types).</summary>
public interface IResourceWithMoveState : IResource
{
    /// <summary>Leave <see cref="MoveStateResponse.TargetState"/> null to decline the move.</summary>
    Task MoveStateAsync(MoveStateRequest request, MoveStateResponse response, CancellationToken cancellationToken);
}
