using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

/// <summary>
/// The <c>tfplugin6.Provider</c> gRPC service. Each RPC lives in its own file
/// (<c>ProviderService.&lt;Rpc&gt;.cs</c>); this part holds the shared plumbing. Provider exceptions become
/// error diagnostics, never gRPC failures, so Terraform shows them next to the configuration.
/// </summary>
public sealed partial class ProviderService(ProviderRuntime runtime, ILogger<ProviderService> logger) : Proto.Provider.ProviderBase
{
    /// <summary>What this server implements and advertises.</summary>
    internal static Proto.ServerCapabilities Capabilities => new()
    {
        // Terraform skips PlanResourceChange for destroy; Delete receives the prior state directly.
        PlanDestroy = false,
        // Every process builds its catalogue on demand, so Terraform may skip GetProviderSchema in the second and
        // later provider processes of a command (it starts three per plan) and use its cached copy.
        GetProviderSchemaOptional = true,
        MoveResourceState = true,
        GenerateResourceConfig = false,
    };

    private ProviderRuntime.Catalog Catalog => runtime.Types;

    private static void AddTo(Google.Protobuf.Collections.RepeatedField<Proto.Diagnostic> target, IEnumerable<Diagnostic> diagnostics) =>
        target.AddRange(ToProto.Diagnostics(diagnostics));

    /// <summary>Runs provider code, turning exceptions into diagnostics (cancellation included).</summary>
    private async Task GuardAsync(string operation, DiagnosticBag diagnostics, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            diagnostics.AddError($"{operation} cancelled", "The operation was cancelled (Terraform was interrupted or the request timed out).");
        }
        catch (CtyDecodeException e)
        {
            diagnostics.AddError("Invalid value from Terraform", $"{operation}: {e.Message}");
        }
#pragma warning disable CA1031 // provider failures must reach the user as diagnostics, not crash the RPC
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "{Operation} failed", operation);
            diagnostics.AddError($"{operation} failed", $"Unexpected error in the provider: {e.GetType().Name}: {e.Message}");
        }
    }

    private static bool TryDecode(Proto.DynamicValue? value, CtyType type, string what, DiagnosticBag diagnostics, out CtyValue decoded)
    {
        try
        {
            decoded = FromProto.DynamicValue(value, type);
            return true;
        }
        catch (CtyDecodeException e)
        {
            diagnostics.AddError("Invalid value from Terraform", $"Could not decode the {what}: {e.Message}");
            decoded = CtyValue.Null(type);
            return false;
        }
    }

    private bool TryResource(string typeName, DiagnosticBag diagnostics, out ProviderRuntime.ResourceEntry entry)
    {
        if (Catalog.Resources.TryGetValue(typeName, out entry!)) return true;
        diagnostics.AddError("Unknown resource type", $"The provider does not define resource type \"{typeName}\".");
        return false;
    }

    private bool TryDataSource(string typeName, DiagnosticBag diagnostics, out ProviderRuntime.DataSourceEntry entry)
    {
        if (Catalog.DataSources.TryGetValue(typeName, out entry!)) return true;
        diagnostics.AddError("Unknown data source type", $"The provider does not define data source type \"{typeName}\".");
        return false;
    }

    private CancellationTokenSource Link(ServerCallContext context) => runtime.Link(context.CancellationToken);
}
