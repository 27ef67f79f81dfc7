using System.Globalization;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Tests;

/// <summary>
/// Seeded random <see cref="WorkloadClusterSpec"/>s for property tests: every field the renderer maps is varied
/// (names or UUIDs, optional parts present or absent, pools with labels of both label policies, taints, disks,
/// GPUs, autoscaling, health-check settings, addons), always within the validator's rules.
/// </summary>
internal sealed class SpecGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Versions = ["v1.28.9", "v1.29.6", "v1.31.4", "v1.33.2", "v1.34.1"];
    private static readonly string[] Memories = ["2Gi", "4Gi", "8Gi", "16Gi", "12Gi"];
    private static readonly string[] Disks = ["20Gi", "40Gi", "80Gi", "100Gi"];

    public WorkloadClusterSpec Next()
    {
        var name = "c" + Word(3, 10);
        var pe = Identifier();
        var subnets = Enumerable.Range(0, _random.Next(1, 4)).Select(i => i % 2 == 0 ? NutanixResourceIdentifier.ByName($"vlan-{i}{Word(1, 4)}") : NutanixResourceIdentifier.ByUuid(Uuid())).ToList();
        var useLookup = Coin();
        var image = useLookup ? null : Identifier();
        var lookup = useLookup ? new ImageLookup("ubuntu-" + Word(2, 5), Coin() ? null : "{{.BaseOS}}-" + Word(2, 4)) : null;
        MachineSpec Machine() => new()
        {
            VcpuSockets = _random.Next(1, 5),
            VcpusPerSocket = _random.Next(1, 3),
            Memory = Quantity.Parse(Pick(Memories)),
            SystemDiskSize = Quantity.Parse(Pick(Disks)),
            Cluster = pe,
            Subnets = subnets,
            Image = image,
            ImageLookup = lookup,
            BootType = Coin() ? BootType.Uefi : BootType.Legacy,
            Project = Coin() ? Identifier() : null,
            AdditionalCategories = Enumerable.Range(0, _random.Next(0, 3)).Select(i => new CategoryIdentifier("Key" + i + Word(1, 4), Word(1, 6))).ToList(),
            DataDisks = Enumerable.Range(0, _random.Next(0, 3)).Select(i => new DataDisk
            {
                Size = Quantity.Parse(Pick(Disks)),
                DeviceType = Coin() ? "Disk" : "CDRom",
                AdapterType = Pick(["SCSI", "IDE", "PCI", "SATA"]),
                DeviceIndex = Coin() ? _random.Next(1, 9) : null,
                DiskMode = Coin() ? null : Pick(["Standard", "Flash"]),
                StorageContainer = Coin() ? Identifier() : null,
                DataSource = Coin() ? Identifier() : null,
            }).ToList(),
            Gpus = Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Coin() ? new GpuIdentifier(_random.Next(1, 99999), null) : new GpuIdentifier(null, "Tesla " + Word(1, 4).ToUpperInvariant())).ToList(),
        };

        var pools = Enumerable.Range(0, _random.Next(0, 4)).Select(i =>
        {
            var autoscaled = _random.Next(3) == 0;
            var min = _random.Next(0, 3);
            return new WorkerPoolSpec
            {
                Name = "p" + i + Word(1, 6),
                Replicas = autoscaled ? null : _random.Next(0, 6),
                Machine = Machine(),
                NodeLabels = Labels(),
                Taints = Enumerable.Range(0, _random.Next(0, 3)).Select(t => new NodeTaint("taint" + t + Word(1, 3), Coin() ? null : Word(1, 5), Pick(["NoSchedule", "PreferNoSchedule", "NoExecute"]))).ToList(),
                Autoscaling = autoscaled ? new AutoscalingSpec(min, min + _random.Next(0, 5)) : null,
            };
        }).ToList();

        var addons = Enumerable.Range(0, _random.Next(0, 3)).Select(i => new AddonManifest(
            "a" + i + Word(1, 5), $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {Word(2, 6)}\n", Coin())).ToList();

        var version = Pick(Versions);
        return new WorkloadClusterSpec
        {
            Name = name,
            Namespace = "ns-" + Word(2, 6),
            KubernetesVersion = version,
            PrismCentral = new PrismCentralEndpoint("pc-" + Word(2, 6) + ".example.com", _random.Next(1, 65536), Coin(),
                Coin() ? null : "-----BEGIN CERTIFICATE-----\n" + Word(10, 30) + "\n-----END CERTIFICATE-----\n"),
            Credentials = Coin() ? PrismCredentials.Basic("admin", Word(4, 12)) : PrismCredentials.FromApiKey(Word(10, 20)),
            ControlPlane = new ControlPlaneSpec(Pick([1, 3, 5]), Machine(), $"10.{_random.Next(0, 255)}.{_random.Next(0, 255)}.{_random.Next(1, 255)}", Coin() ? 6443 : _random.Next(1024, 65536)),
            WorkerPools = pools,
            PodCidr = $"10.{_random.Next(100, 200)}.0.0/16",
            ServiceCidr = $"10.{_random.Next(200, 255)}.0.0/16",
            ServiceDomain = Coin() ? "cluster.local" : Word(3, 8) + ".internal",
            SshAuthorizedKeys = Enumerable.Range(0, _random.Next(0, 3)).Select(_ => "ssh-ed25519 AAAA" + Word(10, 20) + " user@host").ToList(),
            KubeVipImage = Coin() ? "ghcr.io/kube-vip/kube-vip:v0.9.2" : "registry.example.com/kube-vip:v0." + _random.Next(5, 10),
            KubeVipServices = Coin(),
            MachineHealthCheck = HealthCheck(),
            Addons = addons,
            Ccm = _random.Next(3) switch
            {
                0 => null,
                1 => new CcmSpec("registry.example.com/cloud-provider-nutanix/controller:v0." + _random.Next(3, 8)),
                // The table's image where it has one for the version (1.28 and 1.29 have none: an error, tested apart).
                _ => CcmReleases.ImageFor(KubernetesVersion.Parse(version)) is null ? null : CcmSpec.Default,
            },
        };
    }

    private MachineHealthCheckSpec? HealthCheck()
    {
        switch (_random.Next(3))
        {
            case 0:
                return null;
            case 1:
                return MachineHealthCheckSpec.Default;
            default:
                var conditions = Enumerable.Range(0, _random.Next(1, 4)).Select(i => new UnhealthyNodeCondition(
                    Pick(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"]) + (i > 0 ? i.ToString(CultureInfo.InvariantCulture) : ""),
                    Pick(["True", "False", "Unknown"]), _random.Next(1, 1200).ToString(CultureInfo.InvariantCulture) + "s")).ToList();
                return new MachineHealthCheckSpec
                {
                    UnhealthyNodeConditions = conditions,
                    MaxUnhealthy = Coin() ? _random.Next(0, 100) + "%" : _random.Next(0, 9).ToString(CultureInfo.InvariantCulture),
                    NodeStartupTimeout = Coin() ? null : _random.Next(1, 60).ToString(CultureInfo.InvariantCulture) + "m",
                };
        }
    }

    private Dictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefixes = new[] { "", "example.com/", "node-role.kubernetes.io/", "node.cluster.x-k8s.io/", "node-restriction.kubernetes.io/", "topology.kubernetes.io/" };
        for (var i = _random.Next(0, 4); i > 0; i--)
        {
            labels[Pick(prefixes) + Word(2, 8)] = Coin() ? "" : Word(1, 8);
        }

        return labels;
    }

    private NutanixResourceIdentifier Identifier() => Coin() ? NutanixResourceIdentifier.ByUuid(Uuid()) : NutanixResourceIdentifier.ByName("n-" + Word(2, 10));

    private string Uuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }

    private bool Coin() => _random.Next(2) == 0;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Word(int min, int max)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var length = _random.Next(min, max + 1);
        return string.Create(length, _random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = letters[r.Next(letters.Length)];
        });
    }
}
