using Grpc.AspNetCore.Server.Model;
using Terraform.Plugin.Server;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// The method tables of the services a plugin serves, bound without reflection (see <see cref="ServiceMethodTable{TService}"/>).
/// One line per rpc of proto/*.proto; a test checks these tables against the generated service descriptors.
/// </summary>
internal static class PluginServiceMethods
{
    public static void Provider(ServiceMethodTable<ProviderService> b)
    {
        b.Unary("GetMetadata", Proto.GetMetadata.Types.Request.Parser, Proto.GetMetadata.Types.Response.Parser, static (s, r, c) => s.GetMetadata(r, c));
        b.Unary("GetProviderSchema", Proto.GetProviderSchema.Types.Request.Parser, Proto.GetProviderSchema.Types.Response.Parser, static (s, r, c) => s.GetProviderSchema(r, c));
        b.Unary("ValidateProviderConfig", Proto.ValidateProviderConfig.Types.Request.Parser, Proto.ValidateProviderConfig.Types.Response.Parser, static (s, r, c) => s.ValidateProviderConfig(r, c));
        b.Unary("ValidateResourceConfig", Proto.ValidateResourceConfig.Types.Request.Parser, Proto.ValidateResourceConfig.Types.Response.Parser, static (s, r, c) => s.ValidateResourceConfig(r, c));
        b.Unary("ValidateDataResourceConfig", Proto.ValidateDataResourceConfig.Types.Request.Parser, Proto.ValidateDataResourceConfig.Types.Response.Parser, static (s, r, c) => s.ValidateDataResourceConfig(r, c));
        b.Unary("UpgradeResourceState", Proto.UpgradeResourceState.Types.Request.Parser, Proto.UpgradeResourceState.Types.Response.Parser, static (s, r, c) => s.UpgradeResourceState(r, c));
        b.Unary("GetResourceIdentitySchemas", Proto.GetResourceIdentitySchemas.Types.Request.Parser, Proto.GetResourceIdentitySchemas.Types.Response.Parser, static (s, r, c) => s.GetResourceIdentitySchemas(r, c));
        b.Unary("UpgradeResourceIdentity", Proto.UpgradeResourceIdentity.Types.Request.Parser, Proto.UpgradeResourceIdentity.Types.Response.Parser, static (s, r, c) => s.UpgradeResourceIdentity(r, c));
        b.Unary("ConfigureProvider", Proto.ConfigureProvider.Types.Request.Parser, Proto.ConfigureProvider.Types.Response.Parser, static (s, r, c) => s.ConfigureProvider(r, c));
        b.Unary("ReadResource", Proto.ReadResource.Types.Request.Parser, Proto.ReadResource.Types.Response.Parser, static (s, r, c) => s.ReadResource(r, c));
        b.Unary("PlanResourceChange", Proto.PlanResourceChange.Types.Request.Parser, Proto.PlanResourceChange.Types.Response.Parser, static (s, r, c) => s.PlanResourceChange(r, c));
        b.Unary("ApplyResourceChange", Proto.ApplyResourceChange.Types.Request.Parser, Proto.ApplyResourceChange.Types.Response.Parser, static (s, r, c) => s.ApplyResourceChange(r, c));
        b.Unary("ImportResourceState", Proto.ImportResourceState.Types.Request.Parser, Proto.ImportResourceState.Types.Response.Parser, static (s, r, c) => s.ImportResourceState(r, c));
        b.Unary("MoveResourceState", Proto.MoveResourceState.Types.Request.Parser, Proto.MoveResourceState.Types.Response.Parser, static (s, r, c) => s.MoveResourceState(r, c));
        b.Unary("ReadDataSource", Proto.ReadDataSource.Types.Request.Parser, Proto.ReadDataSource.Types.Response.Parser, static (s, r, c) => s.ReadDataSource(r, c));
        b.Unary("GenerateResourceConfig", Proto.GenerateResourceConfig.Types.Request.Parser, Proto.GenerateResourceConfig.Types.Response.Parser, static (s, r, c) => s.GenerateResourceConfig(r, c));
        b.Unary("ValidateEphemeralResourceConfig", Proto.ValidateEphemeralResourceConfig.Types.Request.Parser, Proto.ValidateEphemeralResourceConfig.Types.Response.Parser, static (s, r, c) => s.ValidateEphemeralResourceConfig(r, c));
        b.Unary("OpenEphemeralResource", Proto.OpenEphemeralResource.Types.Request.Parser, Proto.OpenEphemeralResource.Types.Response.Parser, static (s, r, c) => s.OpenEphemeralResource(r, c));
        b.Unary("RenewEphemeralResource", Proto.RenewEphemeralResource.Types.Request.Parser, Proto.RenewEphemeralResource.Types.Response.Parser, static (s, r, c) => s.RenewEphemeralResource(r, c));
        b.Unary("CloseEphemeralResource", Proto.CloseEphemeralResource.Types.Request.Parser, Proto.CloseEphemeralResource.Types.Response.Parser, static (s, r, c) => s.CloseEphemeralResource(r, c));
        b.ServerStreaming("ListResource", Proto.ListResource.Types.Request.Parser, Proto.ListResource.Types.Event.Parser, static (s, r, w, c) => s.ListResource(r, w, c));
        b.Unary("ValidateListResourceConfig", Proto.ValidateListResourceConfig.Types.Request.Parser, Proto.ValidateListResourceConfig.Types.Response.Parser, static (s, r, c) => s.ValidateListResourceConfig(r, c));
        b.Unary("GetFunctions", Proto.GetFunctions.Types.Request.Parser, Proto.GetFunctions.Types.Response.Parser, static (s, r, c) => s.GetFunctions(r, c));
        b.Unary("CallFunction", Proto.CallFunction.Types.Request.Parser, Proto.CallFunction.Types.Response.Parser, static (s, r, c) => s.CallFunction(r, c));
        b.Unary("ValidateStateStoreConfig", Proto.ValidateStateStore.Types.Request.Parser, Proto.ValidateStateStore.Types.Response.Parser, static (s, r, c) => s.ValidateStateStoreConfig(r, c));
        b.Unary("ConfigureStateStore", Proto.ConfigureStateStore.Types.Request.Parser, Proto.ConfigureStateStore.Types.Response.Parser, static (s, r, c) => s.ConfigureStateStore(r, c));
        b.ServerStreaming("ReadStateBytes", Proto.ReadStateBytes.Types.Request.Parser, Proto.ReadStateBytes.Types.Response.Parser, static (s, r, w, c) => s.ReadStateBytes(r, w, c));
        b.ClientStreaming("WriteStateBytes", Proto.WriteStateBytes.Types.RequestChunk.Parser, Proto.WriteStateBytes.Types.Response.Parser, static (s, r, c) => s.WriteStateBytes(r, c));
        b.Unary("GetStates", Proto.GetStates.Types.Request.Parser, Proto.GetStates.Types.Response.Parser, static (s, r, c) => s.GetStates(r, c));
        b.Unary("DeleteState", Proto.DeleteState.Types.Request.Parser, Proto.DeleteState.Types.Response.Parser, static (s, r, c) => s.DeleteState(r, c));
        b.Unary("PlanAction", Proto.PlanAction.Types.Request.Parser, Proto.PlanAction.Types.Response.Parser, static (s, r, c) => s.PlanAction(r, c));
        b.ServerStreaming("InvokeAction", Proto.InvokeAction.Types.Request.Parser, Proto.InvokeAction.Types.Event.Parser, static (s, r, w, c) => s.InvokeAction(r, w, c));
        b.Unary("ValidateActionConfig", Proto.ValidateActionConfig.Types.Request.Parser, Proto.ValidateActionConfig.Types.Response.Parser, static (s, r, c) => s.ValidateActionConfig(r, c));
        b.Unary("StopProvider", Proto.StopProvider.Types.Request.Parser, Proto.StopProvider.Types.Response.Parser, static (s, r, c) => s.StopProvider(r, c));
    }

    public static void Controller(ServiceMethodTable<GrpcControllerService> b) =>
        b.Unary("Shutdown", global::Plugin.Empty.Parser, global::Plugin.Empty.Parser, static (s, r, c) => s.Shutdown(r, c));

    public static void Stdio(ServiceMethodTable<GrpcStdioService> b) =>
        b.ServerStreaming("StreamStdio", Google.Protobuf.WellKnownTypes.Empty.Parser, global::Plugin.StdioData.Parser, static (s, r, w, c) => s.StreamStdio(r, w, c));

    public static void Broker(ServiceMethodTable<GrpcBrokerService> b) =>
        b.DuplexStreaming("StartStream", global::Plugin.ConnInfo.Parser, global::Plugin.ConnInfo.Parser, static (s, r, w, c) => s.StartStream(r, w, c));

    public static void Health(ServiceMethodTable<Grpc.HealthCheck.HealthServiceImpl> b)
    {
        b.Unary("Check", Grpc.Health.V1.HealthCheckRequest.Parser, Grpc.Health.V1.HealthCheckResponse.Parser, static (s, r, c) => s.Check(r, c));
        b.ServerStreaming("Watch", Grpc.Health.V1.HealthCheckRequest.Parser, Grpc.Health.V1.HealthCheckResponse.Parser, static (s, r, w, c) => s.Watch(r, w, c));
    }
}
