using System.Net;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using Attr = Terraform.Plugin.Schemas.Attribute;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>The schema of <c>nutanix_cluster</c> and the object types its values are built with.</summary>
internal static class ClusterSchema
{
    public const string DefaultMemory = "4Gi";
    public const string DefaultSystemDisk = "40Gi";
    public const string DefaultKubeVipImage = "ghcr.io/kube-vip/kube-vip:v0.9.2";
    public const string DefaultPodCidr = "172.20.0.0/16";
    public const string DefaultServiceCidr = "172.19.0.0/16";
    public const string DefaultServiceDomain = "cluster.local";
    public const string DefaultWaitFor = "ready";

    public static readonly ListNestedAttribute DataDisks = new()
    {
        Optional = true,
        MarkdownDescription = "Additional VM disks.",
        Attributes = new Dictionary<string, Attr>
        {
            ["size"] = new StringAttribute { Required = true, MarkdownDescription = "Disk size as a quantity, e.g. `100Gi`.", Validators = [QuantityAtLeast("1Mi")] },
            ["device_type"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("Disk"), Validators = [Validators.StringOneOf("Disk", "CDRom")] },
            ["adapter_type"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("SCSI"), Validators = [Validators.StringOneOf("SCSI", "IDE", "PCI", "SATA", "SPAPR")] },
            ["device_index"] = new Int64Attribute { Optional = true, Validators = [Validators.Int64Between(0, 255)] },
            ["disk_mode"] = new StringAttribute { Optional = true, Validators = [Validators.StringOneOf("Standard", "Flash")] },
            ["storage_container"] = new StringAttribute { Optional = true, MarkdownDescription = "Storage container name or UUID." },
            ["data_source"] = new StringAttribute { Optional = true, MarkdownDescription = "Image (name or UUID) to clone the disk from." },
        },
    };

    public static readonly SingleNestedAttribute Machine = NewMachine();

    public static readonly SingleNestedAttribute ControlPlane = new()
    {
        Required = true,
        MarkdownDescription = "The control plane: a KubeadmControlPlane behind a kube-vip virtual IP.",
        Attributes = new Dictionary<string, Attr>
        {
            ["endpoint_ip"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "The control-plane virtual IP announced by kube-vip; a free address in the node subnet. Changing it replaces the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [Validators.Custom("an IPv4 or IPv6 address", v => IPAddress.TryParse(v.AsString(), out _) ? null : $"\"{v.AsString()}\" is not an IP address")],
            },
            ["endpoint_port"] = new Int64Attribute
            {
                Optional = true, Computed = true, Default = CtyValue.Number(6443),
                MarkdownDescription = "API server port on the virtual IP. Defaults to `6443`.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [Validators.Int64Between(1, 65535)],
            },
            ["replicas"] = new Int64Attribute
            {
                Optional = true, Computed = true, Default = CtyValue.Number(1),
                MarkdownDescription = "Control-plane nodes: 1, 3 or 5. Defaults to `1`.",
                Validators = [Validators.Custom("1, 3 or 5", v => v.AsNumber().TryGetInt64(out var n) && n is 1 or 3 or 5 ? null : $"got {v.AsNumber()}")],
            },
            ["machine"] = Machine,
        },
    };

    public static readonly ListNestedAttribute Taints = new()
    {
        Optional = true,
        MarkdownDescription = "Node taints.",
        Attributes = new Dictionary<string, Attr>
        {
            ["key"] = new StringAttribute { Required = true },
            ["value"] = new StringAttribute { Optional = true },
            ["effect"] = new StringAttribute { Required = true, Validators = [Validators.StringOneOf("NoSchedule", "PreferNoSchedule", "NoExecute")] },
        },
    };

    public static readonly MapNestedAttribute WorkerPools = new()
    {
        Optional = true,
        MarkdownDescription = "Worker node pools keyed by pool name (a DNS label); each is a MachineDeployment.",
        Attributes = new Dictionary<string, Attr>
        {
            ["replicas"] = new Int64Attribute { Required = true, Validators = [Validators.Int64Between(0, 1000)] },
            ["machine"] = Machine,
            ["labels"] = new MapAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "Node labels." },
            ["taints"] = Taints,
        },
    };

    public static readonly SingleNestedAttribute Network = WithDefault(
        "Cluster networking. Changing any of it replaces the cluster.",
        new Dictionary<string, Attr>
        {
            ["pod_cidr"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultPodCidr), PlanModifiers = [PlanModifiers.RequiresReplace()], Validators = [Cidr()] },
            ["service_cidr"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultServiceCidr), PlanModifiers = [PlanModifiers.RequiresReplace()], Validators = [Cidr()] },
            ["service_domain"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultServiceDomain), PlanModifiers = [PlanModifiers.RequiresReplace()] },
        },
        new Dictionary<string, CtyValue>
        {
            ["pod_cidr"] = CtyValue.String(DefaultPodCidr),
            ["service_cidr"] = CtyValue.String(DefaultServiceCidr),
            ["service_domain"] = CtyValue.String(DefaultServiceDomain),
        },
        [PlanModifiers.RequiresReplace()]);

    public static readonly SingleNestedAttribute KubeVip = WithDefault(
        "The kube-vip static pod announcing the control-plane virtual IP.",
        new Dictionary<string, Attr>
        {
            ["image"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultKubeVipImage) },
            ["services"] = new BoolAttribute { Optional = true, Computed = true, Default = CtyValue.Bool(false), MarkdownDescription = "Also load-balance Services of type LoadBalancer." },
        },
        new Dictionary<string, CtyValue> { ["image"] = CtyValue.String(DefaultKubeVipImage), ["services"] = CtyValue.Bool(false) },
        []);

    public static readonly MapNestedAttribute Addons = new()
    {
        Optional = true,
        MarkdownDescription = "Addon manifests (e.g. a CNI or the Nutanix CCM) keyed by addon name, delivered to the workload cluster by ClusterResourceSets.",
        Attributes = new Dictionary<string, Attr>
        {
            ["manifests"] = new StringAttribute { Required = true, MarkdownDescription = "Multi-document YAML to apply to the workload cluster." },
            ["strategy"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("ApplyOnce"), Validators = [Validators.StringOneOf("ApplyOnce", "Reconcile")] },
        },
    };

    public static readonly SingleNestedAttribute ImageLookup = new()
    {
        Optional = true,
        MarkdownDescription = "Find the node image by base OS instead of naming it (CAPX `imageLookup`).",
        Attributes = new Dictionary<string, Attr>
        {
            ["base_os"] = new StringAttribute { Required = true },
            ["format"] = new StringAttribute { Optional = true, MarkdownDescription = "Name template; defaults to CAPX's `capx-{{.BaseOS}}-{{.K8sVersion}}-*`." },
        },
    };

    public static readonly SingleNestedAttribute Timeouts = new()
    {
        Optional = true,
        MarkdownDescription = "Operation timeouts as durations (`60m`, `1h30m`). Defaults: create 60m, update 60m, delete 30m.",
        Attributes = new Dictionary<string, Attr>
        {
            ["create"] = new StringAttribute { Optional = true, Validators = [DurationValidator()] },
            ["update"] = new StringAttribute { Optional = true, Validators = [DurationValidator()] },
            ["delete"] = new StringAttribute { Optional = true, Validators = [DurationValidator()] },
        },
    };

    public static readonly ListNestedAttribute Nodes = new()
    {
        Computed = true,
        MarkdownDescription = "The cluster's Machines.",
        Attributes = new Dictionary<string, Attr>
        {
            ["name"] = new StringAttribute { Computed = true },
            ["role"] = new StringAttribute { Computed = true, MarkdownDescription = "`control-plane` or `worker:<pool>`." },
            ["vm_uuid"] = new StringAttribute { Computed = true },
            ["ip"] = new StringAttribute { Computed = true },
            ["phase"] = new StringAttribute { Computed = true },
        },
    };

    public static readonly Schema Schema = new()
    {
        Version = 0,
        MarkdownDescription = "A Kubernetes cluster on Nutanix AHV managed by Cluster API (CAPX) through a private cloud gateway.",
        Attributes = new Dictionary<string, Attr>
        {
            ["id"] = new StringAttribute { Computed = true, MarkdownDescription = "`<namespace>/<name>`.", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["name"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Cluster name (a DNS label). Changing it replaces the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [Validators.Custom("a lower-case RFC 1123 label of at most 63 characters", v => global::Nutanix.Capi.Schema.ObjectMetaValidation.IsDnsLabel(v.AsString()) ? null : $"got \"{v.AsString()}\"")],
            },
            ["cloud_account_id"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "The `nutanix_cloud_account` (`<namespace>/<name>`) whose Prism Central hosts the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplaceIf(r => !r.StateValue.IsNull, "changing the account of an existing cluster replaces it")],
            },
            ["pcg_id"] = new StringAttribute
            {
                Optional = true,
                Computed = true,
                MarkdownDescription = "The private cloud gateway (`<namespace>/<name>`); defaults to the account's gateway.",
                PlanModifiers = [PlanModifiers.UseStateForUnknown(), PlanModifiers.RequiresReplaceIf(r => !r.StateValue.IsNull, "changing the gateway replaces the cluster")],
            },
            ["kubernetes_version"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Kubernetes version, e.g. `v1.33.2`. Changing it upgrades in place (control plane first, then workers).",
                Validators = [Validators.Custom("a version like v1.33.2", v => TryVersion(v.AsString()) ? null : $"\"{v.AsString()}\" is not a Kubernetes version")],
            },
            ["prism_element_cluster"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Prism Element cluster (name or UUID) hosting the VMs. Changing it replaces the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
            },
            ["subnets"] = new ListAttribute { Required = true, ElementType = CtyType.String, MarkdownDescription = "Subnets (names or UUIDs) of the node NICs; the first is the primary." },
            ["image"] = new StringAttribute { Optional = true, MarkdownDescription = "Node image (name or UUID). Exactly one of `image` and `image_lookup`." },
            ["image_lookup"] = ImageLookup,
            ["control_plane"] = ControlPlane,
            ["worker_pools"] = WorkerPools,
            ["network"] = Network,
            ["ssh_authorized_keys"] = new ListAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "SSH keys for the `capiuser` account on every node." },
            ["kube_vip"] = KubeVip,
            ["addons"] = Addons,
            ["wait_for"] = new StringAttribute
            {
                Optional = true, Computed = true, Default = CtyValue.String(DefaultWaitFor),
                MarkdownDescription = "What create/update wait for: `none`, `control_plane` or `ready` (default).",
                Validators = [Validators.StringOneOf("none", "control_plane", "ready")],
            },
            ["timeouts"] = Timeouts,
            ["phase"] = new StringAttribute { Computed = true, MarkdownDescription = "Cluster API phase of the Cluster." },
            ["control_plane_ready"] = new BoolAttribute { Computed = true },
            ["infrastructure_ready"] = new BoolAttribute { Computed = true },
            ["nodes"] = Nodes,
            ["kubeconfig"] = new StringAttribute { Computed = true, Sensitive = true, MarkdownDescription = "Admin kubeconfig of the workload cluster (null until the control plane is initialized)." },
            ["manifests"] = new StringAttribute
            {
                Computed = true,
                MarkdownDescription = "The applied manifests as multi-document YAML (credentials redacted).",
            },
        },
    };

    public static ObjectType Type => Schema.ImpliedType;

    private static SingleNestedAttribute NewMachine()
    {
        var attributes = new Dictionary<string, Attr>
        {
            ["vcpu_sockets"] = new Int64Attribute { Optional = true, Computed = true, Default = CtyValue.Number(2), Validators = [Validators.Int64Between(1, 128)] },
            ["vcpus_per_socket"] = new Int64Attribute { Optional = true, Computed = true, Default = CtyValue.Number(1), Validators = [Validators.Int64Between(1, 128)] },
            ["memory"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultMemory), Validators = [QuantityAtLeast("2Gi")], MarkdownDescription = "Memory, e.g. `4Gi` (at least 2Gi)." },
            ["system_disk"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultSystemDisk), Validators = [QuantityAtLeast("20Gi")], MarkdownDescription = "System disk, e.g. `40Gi` (at least 20Gi)." },
            ["boot_type"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("legacy"), Validators = [Validators.StringOneOf("legacy", "uefi")] },
            ["project"] = new StringAttribute { Optional = true, MarkdownDescription = "Prism Central project (name or UUID)." },
            ["categories"] = new MapAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "Prism categories (key = value) for the VMs; they must exist." },
            ["data_disks"] = DataDisks,
            ["gpus"] = new ListAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "GPUs by name or PCI device ID." },
        };
        var shape = new SingleNestedAttribute { Optional = true, Attributes = attributes };
        return new SingleNestedAttribute
        {
            Optional = true,
            Computed = true,
            MarkdownDescription = "VM shape. Changing it creates a new NutanixMachineTemplate and rolls the nodes.",
            Attributes = attributes,
            Default = Cty.Object(shape.ObjectType, new Dictionary<string, CtyValue>
            {
                ["vcpu_sockets"] = CtyValue.Number(2),
                ["vcpus_per_socket"] = CtyValue.Number(1),
                ["memory"] = CtyValue.String(DefaultMemory),
                ["system_disk"] = CtyValue.String(DefaultSystemDisk),
                ["boot_type"] = CtyValue.String("legacy"),
            }),
        };
    }

    private static SingleNestedAttribute WithDefault(string description, Dictionary<string, Attr> attributes, Dictionary<string, CtyValue> defaults, IReadOnlyList<IPlanModifier> modifiers)
    {
        var shape = new SingleNestedAttribute { Optional = true, Attributes = attributes };
        return new SingleNestedAttribute
        {
            Optional = true,
            Computed = true,
            MarkdownDescription = description,
            Attributes = attributes,
            Default = Cty.Object(shape.ObjectType, defaults),
            PlanModifiers = modifiers,
        };
    }

    public static bool TryVersion(string text)
    {
        try
        {
            KubernetesVersion.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static IValidator QuantityAtLeast(string min) => Validators.Custom(
        $"a quantity such as \"4Gi\" of at least {min}",
        v => !Quantity.TryParse(v.AsString(), out var q) ? $"\"{v.AsString()}\" is not a quantity"
            : q < Quantity.Parse(min) ? $"\"{v.AsString()}\" is less than {min}" : null);

    private static IValidator Cidr() => Validators.Custom(
        "a CIDR block such as 172.20.0.0/16",
        v => IPNetwork.TryParse(v.AsString(), out _) ? null : $"\"{v.AsString()}\" is not a CIDR block");

    private static IValidator DurationValidator() => Validators.Custom(
        "a positive duration such as \"60m\" or \"1h30m\"",
        v => Duration.TryParse(v.AsString(), out var d) && d > TimeSpan.Zero ? null : $"\"{v.AsString()}\" is not a positive duration");
}
