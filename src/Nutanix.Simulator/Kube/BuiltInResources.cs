using System.Text.Json.Nodes;
using Nutanix.Capi.Yaml;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Resources the simulator serves besides the CRD folder: core/apps/apiextensions built-ins (no schema
/// validation beyond names) and CRDs the simulator defines itself because the CRD folder lacks them
/// (clusterctl's Provider, and minimal MachineSet/KubeadmConfig schemas). Simulator-defined CRDs carry the
/// annotation <c>nutanix-sim/simulator-defined: "true"</c> and keep spec/status open
/// (<c>x-kubernetes-preserve-unknown-fields</c>) except for the fields they name.
/// </summary>
internal static class BuiltInResources
{
    private static readonly string[] ReadOnlyVerbs = ["get", "list", "watch"];

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
            Versions = [new ResourceVersion("v1", true, null, [])],
            ShortNames = ["crd", "crds"],
            Categories = ["api-extensions"],
            Verbs = ReadOnlyVerbs,
        };
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

    /// <summary>CRDs for kinds CAPI/clusterctl need that the CRD folder does not provide.</summary>
    public static IEnumerable<JsonObject> SimulatorDefinedCrds()
    {
        yield return Parse(ProviderCrd);
        yield return Parse(MachineSetCrd);
        yield return Parse(KubeadmConfigCrd);
    }

    private static JsonObject Parse(string yaml) => YamlJson.ReadDocument(yaml)!.AsObject();

    private const string ProviderCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: providers.clusterctl.cluster.x-k8s.io
          annotations:
            nutanix-sim/simulator-defined: "true"
        spec:
          group: clusterctl.cluster.x-k8s.io
          names: {kind: Provider, listKind: ProviderList, plural: providers, singular: provider, categories: [cluster-api]}
          scope: Namespaced
          versions:
          - name: v1alpha3
            served: true
            storage: true
            additionalPrinterColumns:
            - {jsonPath: .type, name: Type, type: string}
            - {jsonPath: .providerName, name: Provider, type: string}
            - {jsonPath: .version, name: Version, type: string}
            - {jsonPath: .metadata.creationTimestamp, name: Age, type: date}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  apiVersion: {type: string}
                  kind: {type: string}
                  metadata: {type: object}
                  providerName: {type: string}
                  type: {type: string}
                  version: {type: string}
                  watchedNamespace: {type: string}
        """;

    private const string MachineSetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: machinesets.cluster.x-k8s.io
          annotations:
            nutanix-sim/simulator-defined: "true"
        spec:
          group: cluster.x-k8s.io
          names: {kind: MachineSet, listKind: MachineSetList, plural: machinesets, singular: machineset, shortNames: [ms], categories: [cluster-api]}
          scope: Namespaced
          versions:
          - name: v1beta1
            served: true
            storage: false
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
            additionalPrinterColumns:
            - {jsonPath: .spec.clusterName, name: Cluster, type: string}
            - {jsonPath: .spec.replicas, name: Desired, type: integer}
            - {jsonPath: .status.replicas, name: Replicas, type: integer}
            - {jsonPath: .status.readyReplicas, name: Ready, type: integer}
            - {jsonPath: .metadata.creationTimestamp, name: Age, type: date}
            schema: &schema
              openAPIV3Schema:
                type: object
                properties:
                  apiVersion: {type: string}
                  kind: {type: string}
                  metadata: {type: object}
                  spec:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      clusterName: {type: string, minLength: 1, maxLength: 63}
                      replicas: {type: integer, format: int32}
                  status:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      replicas: {type: integer, format: int32}
                      readyReplicas: {type: integer, format: int32}
                      selector: {type: string}
          - name: v1beta2
            served: true
            storage: true
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
            additionalPrinterColumns:
            - {jsonPath: .spec.clusterName, name: Cluster, type: string}
            - {jsonPath: .spec.replicas, name: Desired, type: integer}
            - {jsonPath: .status.replicas, name: Current, type: integer}
            - {jsonPath: .status.readyReplicas, name: Ready, type: integer}
            - {jsonPath: .metadata.creationTimestamp, name: Age, type: date}
            schema: *schema
        """;

    private const string KubeadmConfigCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: kubeadmconfigs.bootstrap.cluster.x-k8s.io
          annotations:
            nutanix-sim/simulator-defined: "true"
        spec:
          group: bootstrap.cluster.x-k8s.io
          names: {kind: KubeadmConfig, listKind: KubeadmConfigList, plural: kubeadmconfigs, singular: kubeadmconfig, categories: [cluster-api]}
          scope: Namespaced
          versions:
          - name: v1beta1
            served: true
            storage: false
            subresources: {status: {}}
            additionalPrinterColumns:
            - {jsonPath: .metadata.creationTimestamp, name: Age, type: date}
            schema: &schema
              openAPIV3Schema:
                type: object
                properties:
                  apiVersion: {type: string}
                  kind: {type: string}
                  metadata: {type: object}
                  spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  status: {type: object, x-kubernetes-preserve-unknown-fields: true}
          - name: v1beta2
            served: true
            storage: true
            subresources: {status: {}}
            additionalPrinterColumns:
            - {jsonPath: .metadata.creationTimestamp, name: Age, type: date}
            schema: *schema
        """;
}
