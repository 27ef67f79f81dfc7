using Grpc.Core;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

/// <summary>
/// Ephemeral resources are not offered (the schema lists none), so Terraform never calls these; if something
/// does, it gets an error diagnostic naming the type rather than a transport failure.
/// </summary>
public sealed partial class ProviderService
{
    private static Proto.Diagnostic NoEphemeral(string typeName) => new()
    {
        Severity = Proto.Diagnostic.Types.Severity.Error,
        Summary = "Unknown ephemeral resource type",
        Detail = $"The provider does not define ephemeral resource type \"{typeName}\".",
    };

    public override Task<Proto.ValidateEphemeralResourceConfig.Types.Response> ValidateEphemeralResourceConfig(
        Proto.ValidateEphemeralResourceConfig.Types.Request request, ServerCallContext context) =>
        Task.FromResult(new Proto.ValidateEphemeralResourceConfig.Types.Response { Diagnostics = { NoEphemeral(request.TypeName) } });

    public override Task<Proto.OpenEphemeralResource.Types.Response> OpenEphemeralResource(
        Proto.OpenEphemeralResource.Types.Request request, ServerCallContext context) =>
        Task.FromResult(new Proto.OpenEphemeralResource.Types.Response { Diagnostics = { NoEphemeral(request.TypeName) } });

    public override Task<Proto.RenewEphemeralResource.Types.Response> RenewEphemeralResource(
        Proto.RenewEphemeralResource.Types.Request request, ServerCallContext context) =>
        Task.FromResult(new Proto.RenewEphemeralResource.Types.Response { Diagnostics = { NoEphemeral(request.TypeName) } });

    public override Task<Proto.CloseEphemeralResource.Types.Response> CloseEphemeralResource(
        Proto.CloseEphemeralResource.Types.Request request, ServerCallContext context) =>
        Task.FromResult(new Proto.CloseEphemeralResource.Types.Response { Diagnostics = { NoEphemeral(request.TypeName) } });
}
