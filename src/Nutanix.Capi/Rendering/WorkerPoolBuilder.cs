using System.Globalization;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// A worker pool's objects: its KubeadmConfigTemplate (kubelet node labels, taints; hash-named), its
/// NutanixMachineTemplate (hash-named) and its MachineDeployment (replicas or the autoscaler's size annotations,
/// the CAPI-synced node labels on the machine template).
/// </summary>
internal static class WorkerPoolBuilder
{
    public const string AutoscalerMinAnnotation = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size";
    public const string AutoscalerMaxAnnotation = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size";

    public sealed record PoolObjects(WorkerPoolNames Names, KubeadmConfigTemplateObject BootstrapTemplate, NutanixMachineTemplateObject MachineTemplate, MachineDeploymentObject MachineDeployment);

    public static PoolObjects Build(WorkloadClusterSpec spec, WorkerPoolSpec pool, KubernetesVersion version)
    {
        var kctSpec = BootstrapSpec(spec, pool);
        var kctName = $"{spec.Name}-{pool.Name}-bootstrap-{SpecHash.Of(kctSpec, CapiJsonContext.Default.KubeadmConfigSpec)}";
        var kct = Manifest.Create(CapiResources.KubeadmConfigTemplate, kctName, spec, new KubeadmConfigTemplateObject
        {
            Spec = new TemplateOf<KubeadmConfigSpec>(new TemplateSpec<KubeadmConfigSpec>(kctSpec)),
        });
        var (nmtName, nmt) = MachineTemplateBuilder.Build(spec, $"{spec.Name}-{pool.Name}", pool.Machine);
        var mdName = ClusterNaming.MachineDeployment(spec.Name, pool.Name);
        var md = MachineDeployment(spec, pool, version, mdName, kctName, nmtName);
        return new PoolObjects(new WorkerPoolNames(mdName, nmtName, kctName), kct, nmt, md);
    }

    private static KubeadmConfigSpec BootstrapSpec(WorkloadClusterSpec spec, WorkerPoolSpec pool) => new()
    {
        JoinConfiguration = new NodeRegistrationOf(new NodeRegistration(
            Manifest.Args(KubeadmDefaults.KubeletArgs(NodeLabelPolicy.KubeletArgument(pool.NodeLabels))),
            pool.Taints.Count > 0
                ? pool.Taints.Select(t => new TaintRef(t.Key, string.IsNullOrEmpty(t.Value) ? null : t.Value, t.Effect)).ToList()
                : null)),
        PreKubeadmCommands = [KubeadmDefaults.SetHostname],
        Users = KubeadmDefaults.Users(spec),
    };

    private static MachineDeploymentObject MachineDeployment(WorkloadClusterSpec spec, WorkerPoolSpec pool, KubernetesVersion version, string mdName, string kctName, string nmtName)
    {
        var templateLabels = new Dictionary<string, string>(StringComparer.Ordinal) { [ClusterNaming.ClusterNameLabel] = spec.Name, [ClusterNaming.DeploymentNameLabel] = mdName };
        foreach (var (k, v) in pool.NodeLabels.Where(l => NodeLabelPolicy.IsCapiSynced(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            templateLabels[k] = v;
        }

        var md = Manifest.Create(CapiResources.MachineDeployment, mdName, spec, new MachineDeploymentObject
        {
            Spec = new MachineDeploymentSpec
            {
                ClusterName = spec.Name,
                Replicas = pool.Autoscaling is null ? pool.Replicas : null,
                Selector = new LabelSelector(new(StringComparer.Ordinal) { [ClusterNaming.ClusterNameLabel] = spec.Name, [ClusterNaming.DeploymentNameLabel] = mdName }),
                Template = new MachineTemplateSpec(
                    new ObjectMeta { Labels = templateLabels },
                    new MachineSpecRefs
                    {
                        ClusterName = spec.Name,
                        Version = version.ToString(),
                        Bootstrap = new BootstrapRef(Manifest.Ref(CapiResources.KubeadmConfigTemplate, kctName)),
                        InfrastructureRef = Manifest.Ref(CapiResources.NutanixMachineTemplate, nmtName),
                    }),
            },
        });
        md.Metadata!.Labels![ClusterNaming.WorkerPoolLabel] = pool.Name;
        if (pool.Autoscaling is not { } autoscaling) return md;

        // The autoscaler owns spec.replicas; re-applying a fixed count would fight it (CAPI defaults the
        // initial replicas from the min-size annotation).
        return md with
        {
            Metadata = md.Metadata with
            {
                Annotations = new(StringComparer.Ordinal)
                {
                    [AutoscalerMaxAnnotation] = autoscaling.Max.ToString(CultureInfo.InvariantCulture),
                    [AutoscalerMinAnnotation] = autoscaling.Min.ToString(CultureInfo.InvariantCulture),
                },
            },
        };
    }
}
