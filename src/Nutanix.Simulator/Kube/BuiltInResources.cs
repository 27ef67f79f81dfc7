using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// The built-in resources the simulator serves besides CRD-defined ones: core, apps, rbac, admissionregistration and
/// apiextensions kinds (no schema validation beyond names; the CRD resource itself is checked by the store).
/// </summary>
internal static class BuiltInResources
{
    public static IEnumerable<ResourceType> Types()
    {
        yield return Core("namespaces", "namespace", "Namespace", namespaced: false, shortNames: ["ns"], hasStatus: true, columns:
            [new PrinterColumn("Status", "string", ".status.phase", 0, "The phase of the namespace."), Age]);
        yield return Core("secrets", "secret", "Secret", namespaced: true, shortNames: [], selectable: ["type"], columns:
            [new PrinterColumn("Type", "string", ".type", 0, "Used to facilitate programmatic handling of secret data."), Age]);
        yield return Core("events", "event", "Event", namespaced: true, shortNames: ["ev"], selectable:
            [
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                "reason", "reportingComponent", "source", "type",
            ], columns:
            [
                new PrinterColumn("Type", "string", ".type", 0, "Type of this event."),
                new PrinterColumn("Reason", "string", ".reason", 0, "Reason for the transition into the object's current status."),
                new PrinterColumn("Object", "string", ".involvedObject.name", 0, "The object this event is about."),
                new PrinterColumn("Message", "string", ".message", 0, "A human-readable description of the status of this operation."),
            ]);
        yield return Core("configmaps", "configmap", "ConfigMap", namespaced: true, shortNames: ["cm"]);
        // Kinds every provider-components YAML carries (clusterctl installs them with the controllers).
        yield return Core("serviceaccounts", "serviceaccount", "ServiceAccount", namespaced: true, shortNames: ["sa"]);
        yield return Core("services", "service", "Service", namespaced: true, shortNames: ["svc"], hasStatus: true);
        yield return Rbac("roles", "role", "Role", namespaced: true);
        yield return Rbac("rolebindings", "rolebinding", "RoleBinding", namespaced: true);
        yield return Rbac("clusterroles", "clusterrole", "ClusterRole", namespaced: false);
        yield return Rbac("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false);
        yield return new ResourceType
        {
            Group = "apps",
            Plural = "deployments",
            Singular = "deployment",
            Kind = "Deployment",
            ListKind = "DeploymentList",
            Namespaced = true,
            Versions =
            [
                new ResourceVersion("v1", true, null,
                [
                    new PrinterColumn("Ready", "integer", ".status.readyReplicas", 0, "Total number of ready pods."),
                    new PrinterColumn("Up-to-date", "integer", ".status.updatedReplicas", 0, "Total number of updated pods."),
                    new PrinterColumn("Available", "integer", ".status.availableReplicas", 0, "Total number of available pods."),
                    Age,
                ]),
            ],
            ShortNames = ["deploy"],
            Categories = ["all"],
            HasStatus = true,
            Scale = new ScaleSpec(".spec.replicas", ".status.replicas", null),
        };
        yield return new ResourceType
        {
            Group = "apiextensions.k8s.io",
            Plural = "customresourcedefinitions",
            Singular = "customresourcedefinition",
            Kind = "CustomResourceDefinition",
            ListKind = "CustomResourceDefinitionList",
            Namespaced = false,
            Versions =
            [
                new ResourceVersion("v1", true, null,
                [
                    new PrinterColumn("Created At", "date", ".metadata.creationTimestamp", 0, "CreationTimestamp of the CustomResourceDefinition."),
                ]),
            ],
            ShortNames = ["crd", "crds"],
            Categories = ["api-extensions"],
            HasStatus = true,
        };
        // Stored and served as written; the simulator never calls the webhooks they name.
        yield return Core("validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", namespaced: false,
            shortNames: [], group: "admissionregistration.k8s.io", columns: [Age]);
        yield return Core("mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", namespaced: false,
            shortNames: [], group: "admissionregistration.k8s.io", columns: [Age]);
    }

    private static readonly PrinterColumn Age = new("Age", "date", ".metadata.creationTimestamp", 0, "CreationTimestamp is a timestamp representing the server time when this object was created.");

    private static ResourceType Core(string plural, string singular, string kind, bool namespaced, string[] shortNames, bool hasStatus = false, string[]? selectable = null, PrinterColumn[]? columns = null, string group = "") => new()
    {
        SelectableFields = selectable ?? [],
        Group = group,
        Plural = plural,
        Singular = singular,
        Kind = kind,
        ListKind = kind + "List",
        Namespaced = namespaced,
        Versions = [new ResourceVersion("v1", true, null, columns ?? [])],
        ShortNames = shortNames,
        HasStatus = hasStatus,
    };

    private static ResourceType Rbac(string plural, string singular, string kind, bool namespaced) =>
        Core(plural, singular, kind, namespaced, shortNames: [], group: "rbac.authorization.k8s.io");
}
