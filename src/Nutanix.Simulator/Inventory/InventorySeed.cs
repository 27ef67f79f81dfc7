using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Inventory;

/// <summary>
/// The static part of the inventory (Prism Central, clusters, subnets, images, projects, categories), read from an
/// inventory JSON file. Format (all <c>uuid</c> fields optional; defaults derive a stable UUID from the name):
/// <code>
/// { "prism_central": { "name": "sim-pc", "external_ip": "10.0.0.10" },
///   "clusters": [ { "name": "pe-a", "aos_version": "6.10.1.6", "external_ip": "10.0.0.20", "nodes": 3, "hypervisor": "AHV" } ],
///   "vpcs":     [ { "name": "vpc-a" } ],
///   "subnets":  [ { "name": "vlan-100", "cluster": "pe-a", "vlan_id": 100, "subnet_ip": "10.10.100.0", "prefix_length": 24,
///                   "default_gateway_ip": "10.10.100.1", "pool": [ "10.10.100.50 10.10.100.199" ], "dns": [ "10.0.0.2" ] },
///                 { "name": "overlay-1", "vpc": "vpc-a", "subnet_ip": "192.168.10.0", "prefix_length": 24, "pool": [ "192.168.10.10 192.168.10.99" ] } ],
///   "images":   [ { "name": "ubuntu", "image_type": "DISK_IMAGE", "size_bytes": 1, "source_uri": "https://...", "architecture": "X86_64" } ],
///   "projects": [ { "name": "default", "description": "", "subnets": [ "vlan-100" ], "clusters": [ "pe-a" ] } ],
///   "categories": [ { "key": "AppType", "description": "", "values": [ "Kubernetes" ] } ],
///   "generate": { "subnets": 1200, "images": 0, "projects": 0 } }
/// </code>
/// A subnet's <c>cluster</c> (a VLAN subnet) or <c>vpc</c> (an overlay subnet) and a project's references are names or UUIDs. Generated entities
/// (<c>gen-subnet-0001</c>…) are spread over the clusters and are stable across restarts.
/// </summary>
public sealed class InventorySeed
{
    public required PrismCluster PrismCentral { get; init; }
    public required IReadOnlyList<PrismCluster> Clusters { get; init; }
    public required IReadOnlyList<PrismSubnet> Subnets { get; init; }
    public required IReadOnlyList<PrismImage> Images { get; init; }
    public required IReadOnlyList<PrismProject> Projects { get; init; }
    public required IReadOnlyList<PrismCategory> Categories { get; init; }

    /// <summary>VPCs (uuid, name) that overlay subnets belong to.</summary>
    public IReadOnlyList<(string Uuid, string Name)> Vpcs { get; init; } = [];

    private static readonly DateTimeOffset SeedTime = new(2025, 1, 15, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] ImageTypes = ["DISK_IMAGE", "ISO_IMAGE"];
    private static readonly string[] Architectures = ["X86_64", "PPC64LE", "AARCH64"];

    public static InventorySeed LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InventoryException(path, "$", "cannot read file: " + e.Message);
        }
        return Parse(text, path);
    }

    public static InventorySeed Parse(string json, string fileName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? p : "$";
            throw new InventoryException(fileName, where, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        var r = new Reader(fileName);
        var obj = r.Object(root, "$");
        r.OnlyKeys(obj, "$", "prism_central", "clusters", "vpcs", "subnets", "images", "projects", "categories", "generate");

        var pcObj = obj["prism_central"] is null ? new JsonObject() : r.Object(obj["prism_central"], "$.prism_central");
        r.OnlyKeys(pcObj, "$.prism_central", "name", "uuid", "external_ip");
        var pcName = r.OptString(pcObj, "$.prism_central", "name") ?? "sim-pc";
        var pc = new PrismCluster(
            r.OptUuid(pcObj, "$.prism_central", "uuid") ?? DeterministicUuid.For("cluster", pcName), pcName, true, "pc",
            r.OptIp(pcObj, "$.prism_central", "external_ip") ?? "10.0.0.10", 1, "AHV", SeedTime);

        var clusters = new List<PrismCluster>();
        foreach (var (item, path) in r.Array(obj, "$", "clusters"))
        {
            r.OnlyKeys(item, path, "name", "uuid", "aos_version", "external_ip", "nodes", "hypervisor");
            var name = r.String(item, path, "name");
            var nodes = r.OptInt(item, path, "nodes") ?? 3;
            if (nodes < 1) throw r.Error(path + ".nodes", "must be at least 1");
            clusters.Add(new PrismCluster(
                r.OptUuid(item, path, "uuid") ?? DeterministicUuid.For("cluster", name), name, false,
                r.OptString(item, path, "aos_version") ?? "6.10.1.6",
                r.OptIp(item, path, "external_ip") ?? IpAddressText.Format(0x0A000014u + (uint)clusters.Count),
                nodes, r.OptString(item, path, "hypervisor") ?? "AHV", SeedTime));
        }
        if (clusters.Count == 0) throw r.Error("$.clusters", "at least one Prism Element cluster is required");
        r.Unique(clusters.Select(c => c.Name).Append(pc.Name), "$.clusters", "cluster name");
        r.Unique(clusters.Select(c => c.Uuid).Append(pc.Uuid), "$.clusters", "cluster uuid");

        var vpcs = new List<(string Uuid, string Name)>();
        foreach (var (item, path) in r.Array(obj, "$", "vpcs"))
        {
            r.OnlyKeys(item, path, "name", "uuid");
            var name = r.String(item, path, "name");
            vpcs.Add((r.OptUuid(item, path, "uuid") ?? DeterministicUuid.For("vpc", name), name));
        }
        r.Unique(vpcs.Select(v => v.Name), "$.vpcs", "VPC name");

        var subnets = new List<PrismSubnet>();
        foreach (var (item, path) in r.Array(obj, "$", "subnets"))
        {
            r.OnlyKeys(item, path, "name", "uuid", "cluster", "vpc", "vlan_id", "vswitch_name", "subnet_ip", "prefix_length", "default_gateway_ip", "pool", "dns");
            var name = r.String(item, path, "name");
            if (item["vpc"] is not null)
            {
                // An overlay subnet: it belongs to a VPC, not to a cluster.
                if (item["cluster"] is not null) throw r.Error(path + ".cluster", "an overlay subnet (with vpc) has no cluster");
                var vpcRef = r.String(item, path, "vpc");
                var vpc = vpcs.FirstOrDefault(v => v.Uuid == vpcRef || v.Name == vpcRef);
                if (vpc.Uuid is null) throw r.Error(path + ".vpc", $"no VPC named or with uuid '{vpcRef}' in $.vpcs");
                var vlan = r.Subnet(item, path, name, null, SeedTime);
                subnets.Add(vlan with { SubnetType = PrismSubnet.Overlay, VlanId = 0, VswitchName = "", VpcUuid = vpc.Uuid, VpcName = vpc.Name });
                continue;
            }

            var clusterRef = r.String(item, path, "cluster");
            var cluster = clusters.FirstOrDefault(c => c.Uuid == clusterRef) ?? clusters.FirstOrDefault(c => c.Name == clusterRef)
                ?? throw r.Error(path + ".cluster", $"no Prism Element cluster named or with uuid '{clusterRef}'");
            subnets.Add(r.Subnet(item, path, name, cluster, SeedTime));
        }

        var images = new List<PrismImage>();
        foreach (var (item, path) in r.Array(obj, "$", "images"))
        {
            r.OnlyKeys(item, path, "name", "uuid", "description", "image_type", "size_bytes", "source_uri", "architecture", "clusters");
            var name = r.String(item, path, "name");
            var type = r.OptString(item, path, "image_type") ?? "DISK_IMAGE";
            if (!ImageTypes.Contains(type)) throw r.Error(path + ".image_type", $"must be one of {string.Join(", ", ImageTypes)}");
            var arch = r.OptString(item, path, "architecture") ?? "X86_64";
            if (!Architectures.Contains(arch)) throw r.Error(path + ".architecture", $"must be one of {string.Join(", ", Architectures)}");
            var size = r.OptLong(item, path, "size_bytes") ?? 4L * 1024 * 1024 * 1024;
            if (size <= 0) throw r.Error(path + ".size_bytes", "must be positive");
            var imageClusters = r.References(item, path, "clusters", clusters.Select(c => (c.Uuid, c.Name)).ToList(), "cluster");
            images.Add(new PrismImage(
                r.OptUuid(item, path, "uuid") ?? DeterministicUuid.For("image", name), name,
                r.OptString(item, path, "description") ?? "", type, size,
                r.OptString(item, path, "source_uri") ?? $"https://images.example.invalid/{name}.qcow2", arch,
                imageClusters.Count > 0 ? imageClusters : clusters.Select(c => c.Uuid).ToList(), SeedTime));
        }

        var projects = new List<PrismProject>();
        foreach (var (item, path) in r.Array(obj, "$", "projects"))
        {
            r.OnlyKeys(item, path, "name", "uuid", "description", "subnets", "clusters");
            var name = r.String(item, path, "name");
            projects.Add(new PrismProject(
                r.OptUuid(item, path, "uuid") ?? DeterministicUuid.For("project", name), name,
                r.OptString(item, path, "description") ?? "",
                r.References(item, path, "subnets", subnets.Select(s => (s.Uuid, s.Name)).ToList(), "subnet"),
                r.References(item, path, "clusters", clusters.Select(c => (c.Uuid, c.Name)).ToList(), "cluster"),
                SeedTime));
        }

        var categories = new List<PrismCategory>();
        foreach (var (item, path) in r.Array(obj, "$", "categories"))
        {
            r.OnlyKeys(item, path, "key", "description", "values");
            var key = r.String(item, path, "key");
            var values = new List<string>();
            if (item["values"] is not null)
            {
                var arr = item["values"] as JsonArray ?? throw r.Error(path + ".values", "must be an array of strings");
                for (var i = 0; i < arr.Count; i++)
                {
                    var v = arr[i] is JsonValue jv && jv.TryGetValue<string>(out var s) && s.Length > 0 ? s
                        : throw r.Error($"{path}.values[{i}]", "must be a non-empty string");
                    values.Add(v);
                }
            }
            r.Unique(values, path + ".values", "category value");
            categories.Add(new PrismCategory(key, r.OptString(item, path, "description") ?? "", false, values));
        }

        if (obj["generate"] is not null)
        {
            var gen = r.Object(obj["generate"], "$.generate");
            r.OnlyKeys(gen, "$.generate", "subnets", "images", "projects");
            var genSubnets = r.OptInt(gen, "$.generate", "subnets") ?? 0;
            var genImages = r.OptInt(gen, "$.generate", "images") ?? 0;
            var genProjects = r.OptInt(gen, "$.generate", "projects") ?? 0;
            foreach (var (n, key) in new[] { (genSubnets, "subnets"), (genImages, "images"), (genProjects, "projects") })
            {
                if (n is < 0 or > 20000) throw r.Error("$.generate." + key, "must be between 0 and 20000");
            }
            for (var i = 1; i <= genSubnets; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"gen-subnet-{i:D4}");
                var cluster = clusters[i % clusters.Count];
                var vlan = 1000 + i;
                var baseIp = 0x64400000u + ((uint)i << 8); // 100.64.x.0/24 ...
                subnets.Add(new PrismSubnet(DeterministicUuid.For("subnet", name), name, cluster.Uuid, cluster.Name, "VLAN", vlan % 4095,
                    "br0", IpAddressText.Format(baseIp), 24, IpAddressText.Format(baseIp + 1),
                    [new IpRange(baseIp + 10, baseIp + 250)], ["10.0.0.2"], SeedTime));
            }
            for (var i = 1; i <= genImages; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"gen-image-{i:D4}");
                images.Add(new PrismImage(DeterministicUuid.For("image", name), name, "", "DISK_IMAGE", 2L << 30,
                    $"https://images.example.invalid/{name}.qcow2", "X86_64", clusters.Select(c => c.Uuid).ToList(), SeedTime));
            }
            for (var i = 1; i <= genProjects; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"gen-project-{i:D4}");
                projects.Add(new PrismProject(DeterministicUuid.For("project", name), name, "", [], [], SeedTime));
            }
        }

        r.Unique(subnets.Select(s => s.Uuid), "$.subnets", "subnet uuid");
        r.Unique(subnets.Select(s => (s.ClusterUuid ?? s.VpcUuid) + "/" + s.Name), "$.subnets", "subnet name within a cluster or VPC");
        r.Unique(images.Select(s => s.Uuid), "$.images", "image uuid");
        r.Unique(images.Select(s => s.Name), "$.images", "image name");
        r.Unique(projects.Select(s => s.Uuid), "$.projects", "project uuid");
        r.Unique(projects.Select(s => s.Name), "$.projects", "project name");
        r.Unique(categories.Select(s => s.Key), "$.categories", "category key");

        return new InventorySeed
        {
            PrismCentral = pc,
            Clusters = clusters,
            Subnets = subnets,
            Images = images,
            Projects = projects,
            Categories = categories,
            Vpcs = vpcs,
        };
    }

    /// <summary>Field readers that report the JSON path of a bad field.</summary>
    private sealed class Reader(string file)
    {
        public InventoryException Error(string path, string reason) => new(file, path, reason);

        public JsonObject Object(JsonNode? node, string path) =>
            node as JsonObject ?? throw Error(path, "must be a JSON object");

        public void OnlyKeys(JsonObject obj, string path, params string[] allowed)
        {
            foreach (var (key, _) in obj)
            {
                if (!allowed.Contains(key)) throw Error($"{path}.{key}", $"unknown field (allowed: {string.Join(", ", allowed)})");
            }
        }

        public IEnumerable<(JsonObject Item, string Path)> Array(JsonObject parent, string parentPath, string key)
        {
            var node = parent[key];
            if (node is null) yield break;
            var arr = node as JsonArray ?? throw Error($"{parentPath}.{key}", "must be an array");
            for (var i = 0; i < arr.Count; i++)
            {
                var path = $"{parentPath}.{key}[{i}]";
                yield return (Object(arr[i], path), path);
            }
        }

        public string String(JsonObject obj, string path, string key) =>
            OptString(obj, path, key) is { Length: > 0 } s ? s : throw Error($"{path}.{key}", "is required and must be a non-empty string");

        public string? OptString(JsonObject obj, string path, string key)
        {
            var node = obj[key];
            if (node is null) return null;
            return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
                : throw Error($"{path}.{key}", "must be a string");
        }

        public string? OptUuid(JsonObject obj, string path, string key)
        {
            var s = OptString(obj, path, key);
            if (s is null) return null;
            return Guid.TryParseExact(s, "D", out var g) ? g.ToString("D") : throw Error($"{path}.{key}", $"'{s}' is not a UUID");
        }

        public string? OptIp(JsonObject obj, string path, string key)
        {
            var s = OptString(obj, path, key);
            if (s is null) return null;
            return IpAddressText.TryParse(s, out _) ? s : throw Error($"{path}.{key}", $"'{s}' is not an IPv4 address");
        }

        public long? OptLong(JsonObject obj, string path, string key)
        {
            var node = obj[key];
            if (node is null) return null;
            return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l
                : throw Error($"{path}.{key}", "must be an integer");
        }

        public int? OptInt(JsonObject obj, string path, string key)
        {
            var l = OptLong(obj, path, key);
            if (l is null) return null;
            return l is >= int.MinValue and <= int.MaxValue ? (int)l : throw Error($"{path}.{key}", "is out of range");
        }

        public List<string> References(JsonObject obj, string path, string key, IReadOnlyList<(string Uuid, string Name)> known, string what)
        {
            var result = new List<string>();
            var node = obj[key];
            if (node is null) return result;
            var arr = node as JsonArray ?? throw Error($"{path}.{key}", "must be an array of names or UUIDs");
            for (var i = 0; i < arr.Count; i++)
            {
                var itemPath = $"{path}.{key}[{i}]";
                var s = arr[i] is JsonValue v && v.TryGetValue<string>(out var str) ? str : throw Error(itemPath, "must be a string");
                var matches = known.Where(k => k.Uuid == s || k.Name == s).Select(k => k.Uuid).Distinct().ToList();
                if (matches.Count == 0) throw Error(itemPath, $"no {what} named or with uuid '{s}'");
                if (matches.Count > 1) throw Error(itemPath, $"{what} name '{s}' is ambiguous; use its uuid");
                result.Add(matches[0]);
            }
            return result;
        }

        public void Unique(IEnumerable<string> values, string path, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in values)
            {
                if (!seen.Add(v)) throw Error(path, $"duplicate {what} '{v}'");
            }
        }

        public PrismSubnet Subnet(JsonObject item, string path, string name, PrismCluster? cluster, DateTimeOffset created)
        {
            var vlan = OptInt(item, path, "vlan_id") ?? 0;
            if (vlan is < 0 or > 4094) throw Error(path + ".vlan_id", "must be between 0 and 4094");
            var subnetIp = OptIp(item, path, "subnet_ip") ?? throw Error(path + ".subnet_ip", "is required (IPv4 network address)");
            var prefix = OptInt(item, path, "prefix_length") ?? throw Error(path + ".prefix_length", "is required");
            if (prefix is < 8 or > 30) throw Error(path + ".prefix_length", "must be between 8 and 30");
            IpAddressText.TryParse(subnetIp, out var network);
            var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            if ((network & ~mask) != 0) throw Error(path + ".subnet_ip", $"'{subnetIp}' has host bits set for prefix /{prefix}");
            bool Inside(uint ip) => (ip & mask) == network;
            var gateway = OptIp(item, path, "default_gateway_ip") ?? IpAddressText.Format(network + 1);
            IpAddressText.TryParse(gateway, out var gw);
            if (!Inside(gw)) throw Error(path + ".default_gateway_ip", $"'{gateway}' is outside {subnetIp}/{prefix}");

            var pools = new List<IpRange>();
            if (item["pool"] is not null)
            {
                var arr = item["pool"] as JsonArray ?? throw Error(path + ".pool", "must be an array of \"first last\" ranges");
                for (var i = 0; i < arr.Count; i++)
                {
                    var p = $"{path}.pool[{i}]";
                    var s = arr[i] is JsonValue v && v.TryGetValue<string>(out var str) ? str : throw Error(p, "must be a string \"first last\"");
                    var parts = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2 || !IpAddressText.TryParse(parts[0], out var first) || !IpAddressText.TryParse(parts[1], out var last))
                    {
                        throw Error(p, $"'{s}' is not a range \"first last\" of IPv4 addresses");
                    }
                    if (first > last) throw Error(p, $"range '{s}' ends before it starts");
                    if (!Inside(first) || !Inside(last)) throw Error(p, $"range '{s}' is outside {subnetIp}/{prefix}");
                    if (pools.Any(o => first <= o.Last && o.First <= last)) throw Error(p, $"range '{s}' overlaps another range");
                    pools.Add(new IpRange(first, last));
                }
            }

            var dns = new List<string>();
            if (item["dns"] is not null)
            {
                var arr = item["dns"] as JsonArray ?? throw Error(path + ".dns", "must be an array of IPv4 addresses");
                for (var i = 0; i < arr.Count; i++)
                {
                    var s = arr[i] is JsonValue v && v.TryGetValue<string>(out var str) && IpAddressText.TryParse(str, out _) ? str
                        : throw Error($"{path}.dns[{i}]", "must be an IPv4 address");
                    dns.Add(s);
                }
            }

            return new PrismSubnet(
                OptUuid(item, path, "uuid") ?? DeterministicUuid.For("subnet", (cluster?.Uuid ?? "overlay") + "/" + name), name, cluster?.Uuid, cluster?.Name,
                "VLAN", vlan, OptString(item, path, "vswitch_name") ?? "br0", subnetIp, prefix, gateway, pools, dns, created);
        }
    }
}
