using Grpc.Core;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

/// <summary>Resource identity (protocol 6.9) is not offered: no identity schemas, and nothing to upgrade.</summary>
public sealed partial class ProviderService
{
    public override Task<Proto.GetResourceIdentitySchemas.Types.Response> GetResourceIdentitySchemas(
        Proto.GetResourceIdentitySchemas.Types.Request request, ServerCallContext context) =>
        Task.FromResult(new Proto.GetResourceIdentitySchemas.Types.Response());

    public override Task<Proto.UpgradeResourceIdentity.Types.Response> UpgradeResourceIdentity(
        Proto.UpgradeResourceIdentity.Types.Request request, ServerCallContext context) =>
        Task.FromResult(new Proto.UpgradeResourceIdentity.Types.Response
        {
            Diagnostics =
            {
                new Proto.Diagnostic
                {
                    Severity = Proto.Diagnostic.Types.Severity.Error,
                    Summary = "Resource identity not supported",
                    Detail = $"Resource type \"{request.TypeName}\" has no identity schema.",
                },
            },
        });
}
