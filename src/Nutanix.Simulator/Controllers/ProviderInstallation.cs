using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Which emulated controllers may act: each one only once its provider's controller-manager Deployment exists
/// (any namespace, matched by the name clusterctl gives it) and reports Available — so a <c>--bare</c> simulator
/// reconciles nothing until the provider components are installed. A Deployment scaled to zero runs no controller
/// (Kubernetes still calls it Available), so <c>kubectl scale --replicas=0</c> stops a provider as it would for real.
/// </summary>
internal sealed record ProviderInstallation(bool Core, bool Bootstrap, bool ControlPlane, bool Infrastructure)
{
    public const string CoreDeployment = "capi-controller-manager";
    public const string BootstrapDeployment = "capi-kubeadm-bootstrap-controller-manager";
    public const string ControlPlaneDeployment = "capi-kubeadm-control-plane-controller-manager";
    public const string InfrastructureDeployment = "capx-controller-manager";

    public static ProviderInstallation Detect(ReconcileContext ctx)
    {
        var available = ctx.ListAll(ctx.Types.Deployment)
            .Where(d => !ObjectMeta.IsDeleting(d) && Conditions.IsTrue(d["status"]?["conditions"] as JsonArray, "Available")
                && (JsonNumbers.Int(d["status"]?["availableReplicas"]) ?? 0) > 0)
            .Select(ObjectMeta.Name)
            .ToHashSet(StringComparer.Ordinal);
        return new ProviderInstallation(
            available.Contains(CoreDeployment) && ctx.Types.Cluster is not null && ctx.Types.Machine is not null,
            available.Contains(BootstrapDeployment) && ctx.Types.KubeadmConfig is not null,
            available.Contains(ControlPlaneDeployment) && ctx.Types.KubeadmControlPlane is not null,
            available.Contains(InfrastructureDeployment) && ctx.Types.NutanixCluster is not null && ctx.Types.NutanixMachine is not null);
    }
}
