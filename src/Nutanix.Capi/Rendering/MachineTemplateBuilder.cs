using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>NutanixMachineTemplates: a VM shape as CAPX's <c>spec.template.spec</c>, named after its content hash.</summary>
internal static class MachineTemplateBuilder
{
    /// <summary>The template named <c>&lt;prefix&gt;-&lt;hash of the machine spec&gt;</c>.</summary>
    public static (string Name, JsonObject Manifest) Build(WorkloadClusterSpec spec, string namePrefix, MachineSpec machine)
    {
        var machineSpec = Spec(machine);
        var name = $"{namePrefix}-{SpecHash.Of(machineSpec)}";
        return (name, Manifest.Create(CapiResources.NutanixMachineTemplate, name, spec, new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = machineSpec } },
        }));
    }

    /// <summary>The NutanixMachineTemplate <c>spec.template.spec</c> for a machine shape.</summary>
    public static JsonObject Spec(MachineSpec machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var spec = new JsonObject
        {
            ["bootType"] = machine.BootType == BootType.Uefi ? "uefi" : "legacy",
            ["cluster"] = machine.Cluster.ToJson(),
        };
        if (machine.Image is not null)
        {
            spec["image"] = machine.Image.ToJson();
        }

        if (machine.ImageLookup is not null)
        {
            var lookup = new JsonObject { ["baseOS"] = machine.ImageLookup.BaseOS };
            if (!string.IsNullOrEmpty(machine.ImageLookup.Format))
            {
                lookup["format"] = machine.ImageLookup.Format;
            }

            spec["imageLookup"] = lookup;
        }

        spec["memorySize"] = machine.Memory.ToString();
        spec["subnet"] = new JsonArray(machine.Subnets.Select(s => (JsonNode)s.ToJson()).ToArray());
        spec["systemDiskSize"] = machine.SystemDiskSize.ToString();
        spec["vcpuSockets"] = machine.VcpuSockets;
        spec["vcpusPerSocket"] = machine.VcpusPerSocket;
        if (machine.Project is not null)
        {
            spec["project"] = machine.Project.ToJson();
        }

        if (machine.AdditionalCategories.Count > 0)
        {
            spec["additionalCategories"] = new JsonArray(machine.AdditionalCategories
                .Select(c => (JsonNode)new JsonObject { ["key"] = c.Key, ["value"] = c.Value }).ToArray());
        }

        if (machine.DataDisks.Count > 0)
        {
            spec["dataDisks"] = new JsonArray(machine.DataDisks.Select(d => (JsonNode)DataDisk(d)).ToArray());
        }

        if (machine.Gpus.Count > 0)
        {
            spec["gpus"] = new JsonArray(machine.Gpus.Select(g => (JsonNode)(g.DeviceId is { } id
                ? new JsonObject { ["type"] = "deviceID", ["deviceID"] = id }
                : new JsonObject { ["type"] = "name", ["name"] = g.Name })).ToArray());
        }

        return spec;
    }

    private static JsonObject DataDisk(DataDisk d)
    {
        var props = new JsonObject { ["adapterType"] = d.AdapterType, ["deviceType"] = d.DeviceType };
        if (d.DeviceIndex is { } index)
        {
            props["deviceIndex"] = index;
        }

        var disk = new JsonObject { ["diskSize"] = d.Size.ToString(), ["deviceProperties"] = props };
        if (d.DiskMode is not null || d.StorageContainer is not null)
        {
            var storage = new JsonObject();
            if (d.DiskMode is not null)
            {
                storage["diskMode"] = d.DiskMode;
            }

            if (d.StorageContainer is not null)
            {
                storage["storageContainer"] = d.StorageContainer.ToJson();
            }

            disk["storageConfig"] = storage;
        }

        if (d.DataSource is not null)
        {
            disk["dataSource"] = d.DataSource.ToJson();
        }

        return disk;
    }
}
