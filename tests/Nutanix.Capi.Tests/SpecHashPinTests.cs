using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Tests;

/// <summary>
/// Template names carry the hash of their spec (<see cref="SpecHash"/>): a new hash for an unchanged spec would roll
/// every machine of every existing cluster after a provider upgrade. These names were computed by the renderer before
/// it produced typed objects (the JsonObject builders) and must never change for these specs.
/// </summary>
public sealed class SpecHashPinTests
{
    private const string PeUuid = "0005f2a1-1b2c-4d5e-8f90-123456789abc";

    private static MachineSpec Machine(string memory = "4Gi") => new()
    {
        VcpuSockets = 2,
        VcpusPerSocket = 1,
        Memory = Quantity.Parse(memory),
        SystemDiskSize = Quantity.Parse("40Gi"),
        Cluster = NutanixResourceIdentifier.Parse(PeUuid),
        Subnets = [NutanixResourceIdentifier.Parse("vlan-10"), NutanixResourceIdentifier.Parse("7c1f1c9e-9a0b-4b6e-9d51-0b2d8f3a6e11")],
        Image = NutanixResourceIdentifier.Parse("ubuntu-2204-kube-v1.31.4"),
    };

    private static WorkloadClusterSpec Spec(string version, IReadOnlyList<string> sshKeys) => new()
    {
        Name = "demo",
        Namespace = "clusters",
        KubernetesVersion = version,
        PrismCentral = new PrismCentralEndpoint("pc.example.com"),
        Credentials = PrismCredentials.Basic("admin", "s3cr3t"),
        ControlPlane = new ControlPlaneSpec(3, Machine(), "10.0.0.100"),
        SshAuthorizedKeys = sshKeys,
        Labels = new Dictionary<string, string> { ["team"] = "platform" },
        WorkerPools =
        [
            new WorkerPoolSpec
            {
                Name = "workers",
                Machine = Machine("8Gi") with
                {
                    BootType = BootType.Uefi,
                    Project = NutanixResourceIdentifier.Parse("team-a"),
                    AdditionalCategories = [new CategoryIdentifier("AppType", "Kubernetes"), new CategoryIdentifier("Env", "prod \"blue\"\\x")],
                    DataDisks =
                    [
                        new DataDisk
                        {
                            Size = Quantity.Parse("100Gi"),
                            DiskMode = "Flash",
                            DeviceIndex = 1,
                            StorageContainer = NutanixResourceIdentifier.Parse("default-container"),
                        },
                        new DataDisk
                        {
                            Size = Quantity.Parse("1500M"),
                            DeviceType = "CDRom",
                            AdapterType = "IDE",
                            DataSource = NutanixResourceIdentifier.Parse("3f8a2b1c-0d4e-4f5a-9b6c-7d8e9f0a1b2c"),
                        },
                    ],
                    Gpus = [GpuIdentifier.Parse("8192"), GpuIdentifier.Parse("Tesla T4")],
                },
                NodeLabels = new Dictionary<string, string> { ["tier"] = "backend", ["node-role.kubernetes.io/worker"] = "", ["node.cluster.x-k8s.io/zone"] = "a" },
                Taints = [new NodeTaint("dedicated", "backend", "NoSchedule"), new NodeTaint("gpu", null, "NoExecute")],
                Autoscaling = new AutoscalingSpec(1, 5),
            },
            new WorkerPoolSpec
            {
                Name = "gpu",
                Replicas = 1,
                Machine = Machine() with { Image = null, ImageLookup = new ImageLookup("ubuntu-22.04", "{{.BaseOS}}-{{.K8sVersion}}") },
            },
            new WorkerPoolSpec
            {
                Name = "plain",
                Replicas = 2,
                Machine = Machine("16Gi") with { Image = null, ImageLookup = new ImageLookup("rockylinux-9") },
            },
        ],
    };

    public static TheoryData<string, bool, string> Pinned => new()
    {
        // version, with SSH keys, "template name|..." (control plane, then per pool: machine template, bootstrap template)
        { "v1.31.4", true, "demo-cp-c8bdf7e4|demo-gpu-3b52cd13|demo-gpu-bootstrap-3c788293|demo-plain-3c937a22|demo-plain-bootstrap-3c788293|demo-workers-f83c426e|demo-workers-bootstrap-231ac91e" },
        { "v1.28.9", false, "demo-cp-c8bdf7e4|demo-gpu-3b52cd13|demo-gpu-bootstrap-e105fd6a|demo-plain-3c937a22|demo-plain-bootstrap-e105fd6a|demo-workers-f83c426e|demo-workers-bootstrap-fccc2ddd" },
        { "v1.34.1", true, "demo-cp-c8bdf7e4|demo-gpu-3b52cd13|demo-gpu-bootstrap-3c788293|demo-plain-3c937a22|demo-plain-bootstrap-3c788293|demo-workers-f83c426e|demo-workers-bootstrap-231ac91e" },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void TemplateNamesOfAnUnchangedSpecNeverChange(string version, bool sshKeys, string expected)
    {
        var spec = Spec(version, sshKeys ? ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG demo@example", "ssh-rsa AAAAB3NzaC1yc2E other"] : []);
        var names = ClusterRenderer.Render(spec).Names;
        var actual = string.Join("|", new[] { names.ControlPlaneMachineTemplate }
            .Concat(names.WorkerPools.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => new[] { p.Value.MachineTemplate, p.Value.BootstrapTemplate })));
        Assert.Equal(expected, actual);
    }
}
