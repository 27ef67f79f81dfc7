using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Validates a NutanixMachine spec against the Prism inventory and turns it into a VM create request, with the
/// checks and error messages of CAPX (<c>validateMachineConfig</c>, <c>GetPEUUID</c>, <c>GetSubnetUUID</c>,
/// <c>GetImage</c>, <c>GetImageByLookup</c>, <c>GetProjectUUID</c>): VLAN subnets are looked up on the Prism
/// Element cluster only, and a name matching several entities is an error.
/// </summary>
internal static class NutanixMachineSpecResolver
{
    private const long MinSystemDiskBytes = 20L << 30;
    private const long MinMemoryBytes = 2L << 30;

    /// <summary>Thrown with the message CAPX would put into <c>status.failureMessage</c>.</summary>
    public sealed class ResolveException(string message) : Exception(message);

    public static VmCreateRequest Resolve(PrismInventory inventory, JsonObject nutanixMachine, string vmName, string clusterName, string? k8sVersion, string? userDataBase64)
    {
        var spec = nutanixMachine["spec"] as JsonObject ?? new JsonObject();
        var name = ObjectMeta.Name(nutanixMachine);
        var subnets = spec["subnet"] as JsonArray ?? [];
        if (subnets.Count == 0) throw new ResolveException($"at least one subnet is needed to create the VM {name}");
        var clusterId = spec["cluster"] as JsonObject;
        if (string.IsNullOrEmpty((string?)clusterId?["name"]) && string.IsNullOrEmpty((string?)clusterId?["uuid"]))
        {
            throw new ResolveException($"cluster name or uuid are required to create the VM {name}");
        }

        var diskBytes = Quantity.Bytes(spec["systemDiskSize"]) ?? 0;
        if (diskBytes < MinSystemDiskBytes) throw new ResolveException($"minimum systemDiskSize is {Quantity.Mib(MinSystemDiskBytes)}Mib but given {Quantity.Mib(diskBytes)}Mib");
        var memoryBytes = Quantity.Bytes(spec["memorySize"]) ?? 0;
        if (memoryBytes < MinMemoryBytes) throw new ResolveException($"minimum memorySize is {Quantity.Mib(MinMemoryBytes)}Mib but given {Quantity.Mib(memoryBytes)}Mib");
        var perSocket = JsonNumbers.Int(spec["vcpusPerSocket"]) ?? 0;
        if (perSocket < 1) throw new ResolveException($"minimum vcpus per socket is 1 but given {perSocket}");
        var sockets = JsonNumbers.Int(spec["vcpuSockets"]) ?? 0;
        if (sockets < 1) throw new ResolveException($"minimum vcpu sockets is 1 but given {sockets}");

        var pe = ResolvePrismElement(inventory, clusterId!);
        var subnetUuids = subnets.OfType<JsonObject>().Select(s => ResolveSubnet(inventory, s, pe.Uuid)).ToList();

        var categories = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [NutanixClusterController.CategoryKey] = clusterName,
        };
        inventory.EnsureCategoryValue(NutanixClusterController.CategoryKey, clusterName, NutanixClusterController.CategoryDescription);
        foreach (var c in (spec["additionalCategories"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = (string?)c["key"] ?? "";
            var value = (string?)c["value"] ?? "";
            if (inventory.GetCategory(key) is not { } cat || !cat.Values.Contains(value))
            {
                throw new ResolveException($"error occurred while creating category spec for vm {vmName}: category value {value} not found in category {key}. error");
            }

            categories[key] = value;
        }

        string? projectUuid = null;
        if (spec["project"] is JsonObject project)
        {
            projectUuid = ResolveProject(inventory, project);
        }

        PrismImage image;
        try
        {
            image = spec["image"] is JsonObject imageId ? ResolveImage(inventory, imageId)
                : spec["imageLookup"] is JsonObject lookup ? LookupImage(inventory, lookup, k8sVersion)
                : throw new ResolveException("image identifier is missing both name and uuid");
        }
        catch (ResolveException e)
        {
            throw new ResolveException($"failed to get the disk list to create the VM {vmName}. {e.Message}");
        }

        var disks = new List<VmDiskRequest> { new(image.Uuid, Quantity.Mib(diskBytes)) };
        foreach (var d in (spec["dataDisks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var size = Quantity.Bytes(d["diskSize"]) ?? 0;
            if (size < 1L << 30) throw new ResolveException($"data disks validation errors: [minimum data disk size is 1024Mib but given {Quantity.Mib(size)}Mib]");
            var deviceType = ((string?)d["deviceProperties"]?["deviceType"] ?? "Disk").Equals("CDRom", StringComparison.OrdinalIgnoreCase) ? "CDROM" : "DISK";
            string? sourceUuid = null;
            if (d["dataSource"] is JsonObject source) sourceUuid = ResolveImage(inventory, source).Uuid;
            disks.Add(new VmDiskRequest(sourceUuid, Quantity.Mib(size), deviceType));
        }

        var bootType = ((string?)spec["bootType"] ?? "legacy").ToUpperInvariant();
        if (bootType is not ("LEGACY" or "UEFI")) throw new ResolveException($"error occurred while adding boot type to vm spec: boot type must be one of legacy or uefi. Given value: {spec["bootType"]}");

        return new VmCreateRequest
        {
            Name = vmName,
            ClusterUuid = pe.Uuid,
            NumSockets = sockets,
            NumVcpusPerSocket = perSocket,
            MemorySizeMib = Quantity.Mib(memoryBytes),
            Disks = disks,
            Nics = subnetUuids.Select(u => new VmNicRequest(u)).ToList(),
            Categories = categories,
            ProjectUuid = projectUuid,
            UserDataBase64 = userDataBase64,
            PowerState = "ON",
            BootType = bootType,
        };
    }

    private static PrismCluster ResolvePrismElement(PrismInventory inventory, JsonObject id)
    {
        if ((string?)id["type"] == "uuid" || ((string?)id["name"] is null && (string?)id["uuid"] is not null))
        {
            var uuid = (string?)id["uuid"] ?? "";
            var found = inventory.ListPrismElements().FirstOrDefault(c => string.Equals(c.Uuid, uuid, StringComparison.OrdinalIgnoreCase));
            return found ?? throw new ResolveException($"failed to find Prism Element cluster with UUID {uuid}: ENTITY_NOT_FOUND: cluster {uuid} not found");
        }

        var name = (string?)id["name"] ?? "";
        var matches = inventory.ListPrismElements().Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ResolveException($"failed to retrieve Prism Element cluster by name {name}"),
            _ => throw new ResolveException($"more than one Prism Element cluster found with name {name}"),
        };
    }

    private static string ResolveSubnet(PrismInventory inventory, JsonObject id, string peUuid)
    {
        if ((string?)id["type"] == "uuid" || ((string?)id["name"] is null && (string?)id["uuid"] is not null))
        {
            var uuid = (string?)id["uuid"] ?? "";
            return inventory.GetSubnet(uuid)?.Uuid ?? throw new ResolveException($"failed to find subnet with UUID {uuid}: ENTITY_NOT_FOUND: subnet {uuid} not found");
        }

        var name = (string?)id["name"] ?? "";
        var matches = inventory.ListSubnets()
            .Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)
                && (s.SubnetType == "OVERLAY" || string.Equals(s.ClusterUuid, peUuid, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0].Uuid,
            0 => throw new ResolveException($"failed to retrieve subnet by name {name}"),
            _ => throw new ResolveException($"more than one subnet found with name {name}"),
        };
    }

    private static PrismImage ResolveImage(PrismInventory inventory, JsonObject id)
    {
        if ((string?)id["type"] == "uuid" || ((string?)id["name"] is null && (string?)id["uuid"] is not null))
        {
            var uuid = (string?)id["uuid"] ?? "";
            return inventory.GetImage(uuid) ?? throw new ResolveException($"failed to find image with UUID {uuid}: ENTITY_NOT_FOUND: image {uuid} not found");
        }

        var name = (string?)id["name"];
        if (string.IsNullOrEmpty(name)) throw new ResolveException("image identifier is missing both name and uuid");
        var matches = inventory.ListImages().Where(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ResolveException($"found no image with name {name}"),
            _ => throw new ResolveException($"more than one image found with name {name}"),
        };
    }

    private static PrismImage LookupImage(PrismInventory inventory, JsonObject lookup, string? k8sVersion)
    {
        var format = (string?)lookup["format"] ?? "capx-{{.BaseOS}}-{{.K8sVersion}}-*";
        var baseOs = (string?)lookup["baseOS"] ?? "";
        var version = (k8sVersion ?? "").TrimStart('v');
        var pattern = format.Replace("{{.BaseOS}}", baseOs, StringComparison.Ordinal).Replace("{{.K8sVersion}}", version, StringComparison.Ordinal);
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ResolveException($"failed to parse template given {format} {e.Message}");
        }

        return inventory.ListImages().Where(i => regex.IsMatch(i.Name)).OrderByDescending(i => i.CreationTime).FirstOrDefault()
            ?? throw new ResolveException($"failed to find image with filter {pattern}");
    }

    private static string ResolveProject(PrismInventory inventory, JsonObject id)
    {
        if ((string?)id["type"] == "uuid")
        {
            var uuid = (string?)id["uuid"] ?? "";
            return inventory.GetProject(uuid)?.Uuid ?? throw new ResolveException($"error occurred while trying to add VM to project: failed to find project with UUID {uuid}");
        }

        var name = (string?)id["name"] ?? "";
        var matches = inventory.ListProjects().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Uuid,
            0 => throw new ResolveException($"error occurred while trying to add VM to project: failed to retrieve project by name {name}"),
            _ => throw new ResolveException($"error occurred while trying to add VM to project: more than one project found with name {name}"),
        };
    }
}
