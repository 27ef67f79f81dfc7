using System.Globalization;
using System.Text.Json.Nodes;
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

    public sealed record PoolObjects(WorkerPoolNames Names, JsonObject BootstrapTemplate, JsonObject MachineTemplate, JsonObject MachineDeployment);

    public static PoolObjects Build(WorkloadClusterSpec spec, WorkerPoolSpec pool, KubernetesVersion version)
    {
        var kctSpec = BootstrapSpec(spec, pool);
        var kctName = $"{spec.Name}-{pool.Name}-bootstrap-{SpecHash.Of(kctSpec)}";
        var kct = Manifest.Create(CapiResources.KubeadmConfigTemplate, kctName, spec, new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = kctSpec } },
        });
        var (nmtName, nmt) = MachineTemplateBuilder.Build(spec, $"{spec.Name}-{pool.Name}", pool.Machine);
        var mdName = ClusterNaming.MachineDeployment(spec.Name, pool.Name);
        var md = MachineDeployment(spec, pool, version, mdName, kctName, nmtName);
        return new PoolObjects(new WorkerPoolNames(mdName, nmtName, kctName), kct, nmt, md);
    }

    private static JsonObject BootstrapSpec(WorkloadClusterSpec spec, WorkerPoolSpec pool)
    {
        var nodeRegistration = new JsonObject
        {
            ["kubeletExtraArgs"] = Manifest.Args(KubeadmDefaults.KubeletArgs(NodeLabelPolicy.KubeletArgument(pool.NodeLabels))),
        };
        if (pool.Taints.Count > 0)
        {
            var taints = new JsonArray();
            foreach (var t in pool.Taints)
            {
                var taint = new JsonObject { ["key"] = t.Key };
                if (!string.IsNullOrEmpty(t.Value))
                {
                    taint["value"] = t.Value;
                }

                taint["effect"] = t.Effect;
                taints.Add((JsonNode)taint);
            }

            nodeRegistration["taints"] = taints;
        }

        var kct = new JsonObject
        {
            ["joinConfiguration"] = new JsonObject { ["nodeRegistration"] = nodeRegistration },
            ["preKubeadmCommands"] = new JsonArray(KubeadmDefaults.SetHostname),
        };
        if (KubeadmDefaults.Users(spec) is { } users)
        {
            kct["users"] = users;
        }

        return kct;
    }

    private static JsonObject MachineDeployment(WorkloadClusterSpec spec, WorkerPoolSpec pool, KubernetesVersion version, string mdName, string kctName, string nmtName)
    {
        var selector = new JsonObject { [ClusterNaming.ClusterNameLabel] = spec.Name, [ClusterNaming.DeploymentNameLabel] = mdName };
        var templateLabels = new JsonObject { [ClusterNaming.ClusterNameLabel] = spec.Name, [ClusterNaming.DeploymentNameLabel] = mdName };
        foreach (var (k, v) in pool.NodeLabels.Where(l => NodeLabelPolicy.IsCapiSynced(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            templateLabels[k] = v;
        }

        var mdSpec = new JsonObject { ["clusterName"] = spec.Name };
        if (pool.Autoscaling is null && pool.Replicas is { } replicas)
        {
            mdSpec["replicas"] = replicas;
        }

        mdSpec["selector"] = new JsonObject { ["matchLabels"] = selector };
        mdSpec["template"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = templateLabels },
            ["spec"] = new JsonObject
            {
                ["clusterName"] = spec.Name,
                ["version"] = version.ToString(),
                ["bootstrap"] = new JsonObject { ["configRef"] = Manifest.Ref(CapiResources.KubeadmConfigTemplate, kctName) },
                ["infrastructureRef"] = Manifest.Ref(CapiResources.NutanixMachineTemplate, nmtName),
            },
        };
        var md = Manifest.Create(CapiResources.MachineDeployment, mdName, spec, new JsonObject { ["spec"] = mdSpec });
        md["metadata"]!["labels"]![ClusterNaming.WorkerPoolLabel] = pool.Name;
        if (pool.Autoscaling is { } autoscaling)
        {
            // The autoscaler owns spec.replicas; re-applying a fixed count would fight it (CAPI defaults the
            // initial replicas from the min-size annotation).
            md["metadata"]!["annotations"] = new JsonObject
            {
                [AutoscalerMaxAnnotation] = autoscaling.Max.ToString(CultureInfo.InvariantCulture),
                [AutoscalerMinAnnotation] = autoscaling.Min.ToString(CultureInfo.InvariantCulture),
            };
        }

        return md;
    }
}
