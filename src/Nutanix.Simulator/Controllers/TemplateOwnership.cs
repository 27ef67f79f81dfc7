using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>As CAPI: machine templates referenced by a control plane or MachineDeployment get the Cluster as owner (so they go with it).</summary>
internal static class TemplateOwnership
{
    public static void Ensure(ReconcileContext ctx, ObjectRef templateRef, string ns, JsonObject cluster)
    {
        if (ctx.Types.For(templateRef) is not { } type) return;
        if (ctx.Get(type, ns, templateRef.Name) is not { } template) return;
        if (ObjectMeta.IsOwnedBy(template, cluster) || ObjectMeta.IsDeleting(template)) return;
        var next = ObjectMeta.Clone(template);
        ObjectMeta.EnsureOwner(next, cluster, controller: false);
        ctx.Update(type, next);
    }
}
