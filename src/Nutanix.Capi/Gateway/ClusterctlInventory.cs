using System.Text.Json.Nodes;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// clusterctl's inventory CustomResourceDefinition, which clusterctl carries inside its binary (it is in no release
/// file) and creates before the first provider: <c>providers.clusterctl.cluster.x-k8s.io</c>, namespaced, version
/// <c>v1alpha3</c> served and stored, kind <c>Provider</c> with string fields <c>providerName</c>, <c>type</c>,
/// <c>version</c> and <c>watchedNamespace</c>, category <c>cluster-api</c>, and clusterctl's labels.
/// </summary>
public static class ClusterctlInventory
{
    public static JsonObject Crd()
    {
        static JsonObject Text() => new() { ["type"] = "string" };
        static JsonObject Column(string name, string path, string type) => new() { ["name"] = name, ["jsonPath"] = path, ["type"] = type };
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = "providers.clusterctl.cluster.x-k8s.io",
                ["labels"] = new JsonObject
                {
                    [ComponentManifest.ClusterctlLabel] = string.Empty,
                    [ComponentManifest.ClusterctlCoreLabel] = "inventory",
                },
            },
            ["spec"] = new JsonObject
            {
                ["group"] = "clusterctl.cluster.x-k8s.io",
                ["names"] = new JsonObject
                {
                    ["kind"] = "Provider",
                    ["listKind"] = "ProviderList",
                    ["plural"] = "providers",
                    ["singular"] = "provider",
                    ["categories"] = new JsonArray("cluster-api"),
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "v1alpha3",
                    ["served"] = true,
                    ["storage"] = true,
                    ["additionalPrinterColumns"] = new JsonArray(
                        Column("Age", ".metadata.creationTimestamp", "date"),
                        Column("Type", ".type", "string"),
                        Column("Provider", ".providerName", "string"),
                        Column("Version", ".version", "string")),
                    ["schema"] = new JsonObject
                    {
                        ["openAPIV3Schema"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject
                            {
                                ["apiVersion"] = Text(),
                                ["kind"] = Text(),
                                ["metadata"] = new JsonObject { ["type"] = "object" },
                                ["providerName"] = Text(),
                                ["type"] = Text(),
                                ["version"] = Text(),
                                ["watchedNamespace"] = Text(),
                            },
                        },
                    },
                    ["subresources"] = new JsonObject(),
                }),
            },
        };
    }
}
