using Microsoft.Extensions.Logging;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Lifecycle;

public sealed partial class ClusterLifecycle
{
    /// <summary>Deletes worker pools, addons, the CCM's objects and the health check when they are no longer configured.</summary>
    public async Task PruneRemovedAsync(string ns, string name, RenderedCluster rendered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var selector = ClusterNaming.OwnSelector(name);
        foreach (var kind in new[] { CapiResources.MachineDeployment, CapiResources.MachineHealthCheck, CapiResources.ClusterResourceSet, CapiResources.ConfigMap, CapiResources.Secret })
        {
            foreach (var obj in await _client.ListAsync(kind, ns, selector, cancellationToken).ConfigureAwait(false))
            {
                var objName = (string)obj["metadata"]!["name"]!;
                if (rendered.Find(kind.Kind, objName) is not null) continue;
                if (kind == CapiResources.ConfigMap && ClusterNaming.AddonOf(name, objName) is null && !CcmAddonBuilder.IsCcmObject(name, objName)) continue;
                if (kind == CapiResources.Secret && !CcmAddonBuilder.IsCcmObject(name, objName)) continue; // only the CCM's resource-set Secret
                _logger.LogInformation("removing {Kind} {Namespace}/{Name} (no longer configured)", kind.Kind, ns, objName);
                await _client.DeleteAsync(kind, ns, objName, "Background", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes machine and bootstrap templates of earlier revisions once nothing references them.</summary>
    public async Task PruneUnusedTemplatesAsync(string ns, string name, RenderedCluster rendered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in await _client.ListAsync(CapiResources.MachineSet, ns, ClusterNaming.ClusterSelector(name), cancellationToken).ConfigureAwait(false))
        {
            if ((string?)set["spec"]?["template"]?["spec"]?["infrastructureRef"]?["name"] is { } i) referenced.Add(i);
            if ((string?)set["spec"]?["template"]?["spec"]?["bootstrap"]?["configRef"]?["name"] is { } b) referenced.Add(b);
        }

        foreach (var machine in await _client.ListAsync(CapiResources.Machine, ns, ClusterNaming.ClusterSelector(name), cancellationToken).ConfigureAwait(false))
        {
            if ((string?)machine["metadata"]?["annotations"]?["cluster.x-k8s.io/cloned-from-name"] is { } t) referenced.Add(t);
        }

        var selector = ClusterNaming.OwnSelector(name);
        foreach (var kind in new[] { CapiResources.NutanixMachineTemplate, CapiResources.KubeadmConfigTemplate })
        {
            foreach (var obj in await _client.ListAsync(kind, ns, selector, cancellationToken).ConfigureAwait(false))
            {
                var objName = (string)obj["metadata"]!["name"]!;
                if (rendered.Find(kind.Kind, objName) is not null || referenced.Contains(objName)) continue;
                _logger.LogInformation("removing unused {Kind} {Namespace}/{Name}", kind.Kind, ns, objName);
                await _client.DeleteAsync(kind, ns, objName, "Background", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
