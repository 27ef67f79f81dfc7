using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.EphemeralResources;
using Terraform.Plugin.Paths;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

/// <summary>
/// Ephemeral resources: Validate at validate time, Open whenever Terraform needs the value (its configuration wholly
/// known), Renew when a renew_at time passed, Close when done. The result travels back to Terraform only: nothing here
/// logs it, and Terraform keeps it (and the private bytes) in memory, never in state or plan files.
/// </summary>
public sealed partial class ProviderService
{
    public override async Task<Proto.ValidateEphemeralResourceConfig.Types.Response> ValidateEphemeralResourceConfig(
        Proto.ValidateEphemeralResourceConfig.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        if (TryEphemeral(request.TypeName, diagnostics, out var entry)
            && TryDecode(request.Config, entry.Schema.ImpliedType, "ephemeral resource configuration", diagnostics, out var config))
        {
            ValueWalk.Validate(entry.Schema, config, AttributePath.Empty, diagnostics);
            var ephemeral = runtime.NewEphemeralResource(entry, diagnostics);
            if (ephemeral is IEphemeralResourceWithValidateConfig validating)
            {
                using var cts = Link(context);
                var response = new ValidateEphemeralResourceConfigResponse();
                await GuardAsync("ValidateEphemeralResourceConfig", diagnostics,
                    () => validating.ValidateConfigAsync(new ValidateEphemeralResourceConfigRequest { Config = config }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
            }
        }

        var result = new Proto.ValidateEphemeralResourceConfig.Types.Response();
        AddTo(result.Diagnostics, diagnostics);
        return result;
    }

    public override async Task<Proto.OpenEphemeralResource.Types.Response> OpenEphemeralResource(
        Proto.OpenEphemeralResource.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("OpenEphemeralResource {TypeName}", request.TypeName);
        var result = new Proto.OpenEphemeralResource.Types.Response();
        if (TryEphemeral(request.TypeName, diagnostics, out var entry)
            && TryDecode(request.Config, entry.Schema.ImpliedType, "ephemeral resource configuration", diagnostics, out var config))
        {
            var type = entry.Schema.ImpliedType;
            var deferralAllowed = request.ClientCapabilities?.DeferralAllowed ?? false;
            var ephemeral = runtime.NewEphemeralResource(entry, diagnostics);
            var response = new OpenEphemeralResourceResponse(config);
            if (!diagnostics.HasError)
            {
                using var cts = Link(context);
                await GuardAsync("OpenEphemeralResource", diagnostics,
                    () => ephemeral.OpenAsync(new OpenEphemeralResourceRequest { Config = config, DeferralAllowed = deferralAllowed }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
            }

            // Nothing of a failed open reaches Terraform but the diagnostics.
            if (!diagnostics.HasError) Accept(request.TypeName, type, deferralAllowed, response, result, diagnostics);
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }

    /// <summary>Copies what Open produced into <paramref name="result"/>, refusing what breaks the protocol.</summary>
    private static void Accept(
        string typeName, Values.CtyType type, bool deferralAllowed, OpenEphemeralResourceResponse response,
        Proto.OpenEphemeralResource.Types.Response result, DiagnosticBag diagnostics)
    {
        if (response.Deferred is { } reason)
        {
            if (!deferralAllowed)
            {
                diagnostics.AddError("Provider deferred an ephemeral resource Terraform cannot defer",
                    $"Opening ephemeral resource {typeName} was deferred ({reason}), but this Terraform does not accept deferred answers. This is a bug in the provider.");
            }
            else
            {
                // A deferred answer carries no value: Terraform treats the result as unknown for this round.
                result.Deferred = new Proto.Deferred { Reason = (Proto.Deferred.Types.Reason)(int)reason };
            }
        }
        else if (response.Result.IsNull)
        {
            diagnostics.AddError("Provider returned no value", $"Opening ephemeral resource {typeName} returned null. This is a bug in the provider.");
        }
        else if (!response.Result.Type.Equals(type))
        {
            diagnostics.AddError("Provider returned a value of the wrong type",
                $"Opening ephemeral resource {typeName} returned a {response.Result.Type}, the schema says {type}. This is a bug in the provider.");
        }
        else if (ValueWalk.FindUnknown(response.Result, AttributePath.Empty) is { } unknown)
        {
            diagnostics.AddAttributeError(unknown, "Provider returned an unknown value",
                $"Opening ephemeral resource {typeName} left {unknown} unknown. This is a bug in the provider.");
        }
        else
        {
            result.Result = ToProto.DynamicValue(response.Result, type);
            if (response.Private is { } opened) result.Private = ByteString.CopyFrom(opened);
            if (response.RenewAt is { } renewAt) result.RenewAt = Timestamp.FromDateTimeOffset(renewAt);
        }
    }

    public override async Task<Proto.RenewEphemeralResource.Types.Response> RenewEphemeralResource(
        Proto.RenewEphemeralResource.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("RenewEphemeralResource {TypeName}", request.TypeName);
        var result = new Proto.RenewEphemeralResource.Types.Response();
        if (TryEphemeral(request.TypeName, diagnostics, out var entry)
            && runtime.NewEphemeralResource(entry, diagnostics) is IEphemeralResourceWithRenew renewing
            && !diagnostics.HasError)
        {
            var response = new RenewEphemeralResourceResponse();
            using var cts = Link(context);
            await GuardAsync("RenewEphemeralResource", diagnostics, () => renewing.RenewAsync(
                new RenewEphemeralResourceRequest { Private = request.HasPrivate ? request.Private.ToByteArray() : null }, response, cts.Token)).ConfigureAwait(false);
            diagnostics.AddRange(response.Diagnostics);
            if (!diagnostics.HasError)
            {
                if (response.Private is { } renewed) result.Private = ByteString.CopyFrom(renewed);
                if (response.RenewAt is { } renewAt) result.RenewAt = Timestamp.FromDateTimeOffset(renewAt);
            }
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }

    public override async Task<Proto.CloseEphemeralResource.Types.Response> CloseEphemeralResource(
        Proto.CloseEphemeralResource.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("CloseEphemeralResource {TypeName}", request.TypeName);
        if (TryEphemeral(request.TypeName, diagnostics, out var entry)
            && runtime.NewEphemeralResource(entry, diagnostics) is IEphemeralResourceWithClose closing
            && !diagnostics.HasError)
        {
            var response = new CloseEphemeralResourceResponse();
            using var cts = Link(context);
            await GuardAsync("CloseEphemeralResource", diagnostics, () => closing.CloseAsync(
                new CloseEphemeralResourceRequest { Private = request.HasPrivate ? request.Private.ToByteArray() : null }, response, cts.Token)).ConfigureAwait(false);
            diagnostics.AddRange(response.Diagnostics);
        }

        var result = new Proto.CloseEphemeralResource.Types.Response();
        AddTo(result.Diagnostics, diagnostics);
        return result;
    }

    private bool TryEphemeral(string typeName, DiagnosticBag diagnostics, out ProviderRuntime.EphemeralResourceEntry entry)
    {
        if (Catalog.EphemeralResources.TryGetValue(typeName, out entry!)) return true;
        diagnostics.AddError("Unknown ephemeral resource type", $"The provider does not define ephemeral resource type \"{typeName}\".");
        return false;
    }
}
