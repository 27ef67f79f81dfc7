using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>NutanixMachineTemplates: a VM shape as CAPX's <c>spec.template.spec</c>, named after its content hash.</summary>
internal static class MachineTemplateBuilder
{
    /// <summary>The template named <c>&lt;prefix&gt;-&lt;hash of the machine spec&gt;</c>.</summary>
    public static (string Name, NutanixMachineTemplateObject Manifest) Build(WorkloadClusterSpec spec, string namePrefix, MachineSpec machine)
    {
        var machineSpec = Spec(machine);
        var name = $"{namePrefix}-{SpecHash.Of(machineSpec, CapiJsonContext.Default.NutanixMachineSpec)}";
        return (name, Manifest.Create(CapiResources.NutanixMachineTemplate, name, spec, new NutanixMachineTemplateObject
        {
            Spec = new TemplateOf<NutanixMachineSpec>(new TemplateSpec<NutanixMachineSpec>(machineSpec)),
        }));
    }

    /// <summary>The NutanixMachineTemplate <c>spec.template.spec</c> for a machine shape.</summary>
    public static NutanixMachineSpec Spec(MachineSpec machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new NutanixMachineSpec
        {
            BootType = machine.BootType == BootType.Uefi ? "uefi" : "legacy",
            Cluster = machine.Cluster.ToModel(),
            Image = machine.Image?.ToModel(),
            ImageLookup = machine.ImageLookup is { } lookup
                ? new ImageLookupRef(lookup.BaseOS, string.IsNullOrEmpty(lookup.Format) ? null : lookup.Format)
                : null,
            MemorySize = machine.Memory.ToString(),
            Subnet = machine.Subnets.Select(s => s.ToModel()).ToList(),
            SystemDiskSize = machine.SystemDiskSize.ToString(),
            VcpuSockets = machine.VcpuSockets,
            VcpusPerSocket = machine.VcpusPerSocket,
            Project = machine.Project?.ToModel(),
            AdditionalCategories = machine.AdditionalCategories.Count > 0
                ? machine.AdditionalCategories.Select(c => new CategoryRef(c.Key, c.Value)).ToList()
                : null,
            DataDisks = machine.DataDisks.Count > 0 ? machine.DataDisks.Select(DataDisk).ToList() : null,
            Gpus = machine.Gpus.Count > 0
                ? machine.Gpus.Select(g => g.DeviceId is { } id ? new GpuRef("deviceID", id, null) : new GpuRef("name", null, g.Name)).ToList()
                : null,
        };
    }

    private static DataDiskRef DataDisk(DataDisk d) => new()
    {
        DiskSize = d.Size.ToString(),
        DeviceProperties = new DeviceProperties(d.AdapterType, d.DeviceType, d.DeviceIndex),
        StorageConfig = d.DiskMode is not null || d.StorageContainer is not null
            ? new StorageConfig(d.DiskMode, d.StorageContainer?.ToModel())
            : null,
        DataSource = d.DataSource?.ToModel(),
    };
}
