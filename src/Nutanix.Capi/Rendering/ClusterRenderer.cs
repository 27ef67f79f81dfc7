using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// Renders a <see cref="WorkloadClusterSpec"/> into the CAPI v1.13 / CAPX v1.10.3 manifests of the CAPX
/// <c>cluster-template.yaml</c> shape: Cluster, NutanixCluster, KubeadmControlPlane (with the kube-vip static pod),
/// per-pool MachineDeployment + KubeadmConfigTemplate + NutanixMachineTemplate, MachineHealthCheck, the per-cluster
/// credentials Secret, the optional trust-bundle ConfigMap and addon ClusterResourceSets. Each kind has its builder
/// (<c>*Builder.cs</c>) producing the typed records of <c>Model/CapiObjects.cs</c>; they become JSON once, in
/// <see cref="RenderedCluster"/> (applied, hashed, shown). Machine and bootstrap template names carry a hash
/// of their spec (<see cref="SpecHash"/>) so that a change produces a new template and CAPI rolls the machines.
/// </summary>
public static class ClusterRenderer
{
    public const string ManagedByLabel = ClusterNaming.ManagedByLabel;
    public const string ManagedByValue = ClusterNaming.ManagedByValue;
    public const string ClusterNameLabel = ClusterNaming.ClusterNameLabel;
    public const string DeploymentNameLabel = ClusterNaming.DeploymentNameLabel;
    public const string AddonLabelPrefix = ClusterNaming.AddonLabelPrefix;

    /// <summary>Renders the cluster; throws <see cref="FormatException"/> for a malformed version and <see cref="ArgumentException"/> for a spec <see cref="ClusterSpecValidator"/> rejects.</summary>
    public static RenderedCluster Render(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var version = KubernetesVersion.Parse(spec.KubernetesVersion);
        ClusterSpecValidator.ThrowIfInvalid(spec);
        var name = spec.Name;
        var manifests = new List<KubeObject>();

        string? trustBundleName = null;
        if (!string.IsNullOrEmpty(spec.PrismCentral.AdditionalTrustBundle))
        {
            trustBundleName = ClusterNaming.TrustBundleConfigMap(name);
            manifests.Add(ClusterObjectsBuilder.TrustBundle(spec, trustBundleName));
        }

        var secretName = ClusterNaming.CredentialsSecret(name);
        manifests.Add(Rendering.CredentialsSecret.Build(name, spec.Namespace, spec.Credentials, spec.Labels));

        var addonLabels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var addon in spec.Addons)
        {
            var (configMap, set, label) = AddonBuilder.Build(spec, addon);
            addonLabels[label] = name;
            manifests.Add(configMap);
            manifests.Add(set);
        }

        foreach (var (k, v) in CcmAddonBuilder.ClusterLabels(spec)) addonLabels[k] = v;
        manifests.AddRange(CcmAddonBuilder.Build(spec));

        // Worker pools: bootstrap templates first, then (after the Cluster) MachineDeployments, machine templates last.
        var poolNames = new SortedDictionary<string, WorkerPoolNames>(StringComparer.Ordinal);
        var machineTemplates = new List<KubeObject>();
        var deployments = new List<KubeObject>();
        foreach (var pool in spec.WorkerPools)
        {
            var objects = WorkerPoolBuilder.Build(spec, pool, version);
            manifests.Add(objects.BootstrapTemplate);
            machineTemplates.Add(objects.MachineTemplate);
            deployments.Add(objects.MachineDeployment);
            poolNames[pool.Name] = objects.Names;
        }

        var kcpName = ClusterNaming.ControlPlane(name);
        var (cpTemplateName, cpTemplate) = MachineTemplateBuilder.Build(spec, name + "-cp", spec.ControlPlane.Machine);

        manifests.Add(ClusterObjectsBuilder.Cluster(spec, kcpName, addonLabels));
        manifests.AddRange(deployments);
        if (spec.MachineHealthCheck is { } check)
        {
            manifests.Add(MachineHealthCheckBuilder.Build(spec, check));
        }

        manifests.Add(ControlPlaneBuilder.Build(spec, version, kcpName, cpTemplateName));
        manifests.Add(ClusterObjectsBuilder.NutanixCluster(spec, secretName, trustBundleName));
        manifests.Add(cpTemplate);
        manifests.AddRange(machineTemplates);

        var names = new RenderedNames(name, spec.Namespace, secretName, trustBundleName, kcpName, cpTemplateName, poolNames);
        return new RenderedCluster(manifests, names);
    }

    /// <summary>Name of a cluster's CAPX credentials Secret (referenced by the NutanixCluster's <c>credentialRef</c>).</summary>
    public static string CredentialsSecretName(string clusterName) => ClusterNaming.CredentialsSecret(clusterName);

    /// <inheritdoc cref="Rendering.CredentialsSecret.Build"/>
    public static JsonObject CredentialsSecret(string clusterName, string ns, PrismCredentials credentials, IReadOnlyDictionary<string, string>? labels = null) =>
        CapiJson.ToNode(Rendering.CredentialsSecret.Build(clusterName, ns, credentials, labels));

    /// <inheritdoc cref="Rendering.CredentialsSecret.Json"/>
    public static string CredentialsJson(PrismCredentials credentials) => Rendering.CredentialsSecret.Json(credentials);

    /// <inheritdoc cref="KubeVipPod.Manifest"/>
    public static string KubeVipManifest(WorkloadClusterSpec spec) => KubeVipPod.Manifest(spec);

    /// <inheritdoc cref="Rendering.SpecHash.Of"/>
    public static string SpecHash(JsonNode value) => Rendering.SpecHash.Of(value);

    /// <inheritdoc cref="MachineTemplateBuilder.Spec"/>
    public static NutanixMachineSpec MachineSpec(MachineSpec machine) => MachineTemplateBuilder.Spec(machine);
}
